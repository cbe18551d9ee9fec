using System.Text;
using ReviewBot.Diff;

namespace ReviewBot.Context;

/// <summary>
/// How code is shown to the model: every line carries its number so findings and evidence can cite exact lines.
/// Diff lines read <c>12+ text</c> (added, head line 12), <c>13  text</c> (unchanged, head line 13) and
/// <c>b10- text</c> (removed, base line 10).
/// </summary>
public static class CodeFormat
{
    public static string Diff(FileDiff file, IEnumerable<DiffHunk>? hunks = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var builder = new StringBuilder();
        builder.Append("### ").Append(file.Path).Append(" (").Append(Describe(file)).Append(")\n");
        if (file.IsBinary)
        {
            builder.Append("(binary file; contents not shown)\n");
            return builder.ToString();
        }
        foreach (var hunk in hunks ?? file.Hunks)
        {
            builder.Append("@@ -").Append(hunk.OldStart).Append(',').Append(hunk.OldCount)
                .Append(" +").Append(hunk.NewStart).Append(',').Append(hunk.NewCount).Append(" @@");
            if (!string.IsNullOrWhiteSpace(hunk.Section))
            {
                builder.Append(' ').Append(hunk.Section.Trim());
            }
            builder.Append('\n');
            foreach (var line in hunk.Lines)
            {
                switch (line.Kind)
                {
                    case DiffLineKind.Added:
                        builder.Append(line.NewLine).Append("+ ");
                        break;
                    case DiffLineKind.Removed:
                        builder.Append('b').Append(line.OldLine).Append("- ");
                        break;
                    default:
                        builder.Append(line.NewLine).Append("  ");
                        break;
                }
                builder.Append(line.Text.TrimEnd('\r')).Append('\n');
            }
        }
        return builder.ToString();
    }

    public static string Lines(string path, string[] lines, int startLine, int endLine, string heading)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var builder = new StringBuilder();
        builder.Append("### ").Append(path).Append(':').Append(startLine).Append('-').Append(endLine).Append(" (").Append(heading).Append(")\n");
        for (var n = Math.Max(1, startLine); n <= Math.Min(endLine, lines.Length); n++)
        {
            builder.Append(n).Append("  ").Append(lines[n - 1].TrimEnd('\r')).Append('\n');
        }
        return builder.ToString();
    }

    public static string[] SplitLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    private static string Describe(FileDiff file) => file.Kind switch
    {
        FileChangeKind.Renamed => $"renamed from {file.OldPath}",
        FileChangeKind.Copied => $"copied from {file.OldPath}",
        FileChangeKind.Added => "added",
        FileChangeKind.Deleted => "deleted",
        _ => "modified",
    };
}
