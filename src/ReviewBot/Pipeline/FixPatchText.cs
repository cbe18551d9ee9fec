using System.Text;
using ReviewBot.Context;
using ReviewBot.Diff;
using ReviewBot.Publishing;

namespace ReviewBot.Pipeline;

/// <summary>
/// A fix that is not pushed, as the author can still take it: a suggestion block when every change is inside the thread's
/// lines (GitHub's "Commit suggestion" then applies it), otherwise the whole patch as a collapsed diff.
/// </summary>
public static class FixPatchText
{
    // The reply must stay under GitHub's 65,536 characters with the summary and the verify output beside it.
    private const int MaxPatchLength = 30_000;

    /// <param name="newText">The file's text after the fix, by path, to read the suggested lines from.</param>
    public static string Present(string diff, ThreadTarget? target, Func<string, string?> newText)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(newText);
        if (target is { OnBase: false } && Suggestion(diff, target, newText) is { } suggestion)
        {
            return $"The patch, as a suggestion for lines {target.StartLine}–{target.EndLine}:\n\n{MarkdownDefanger.Fence("suggestion", suggestion)}\n";
        }
        var shown = diff.Length <= MaxPatchLength ? diff : diff[..MaxPatchLength] + "\n… (cut)\n";
        return $"<details><summary>The patch</summary>\n\n{MarkdownDefanger.Fence("diff", shown)}\n\n</details>\n";
    }

    /// <summary>The new text of the thread's lines when the patch changes that one file and nothing outside those lines.</summary>
    internal static string? Suggestion(string diff, ThreadTarget target, Func<string, string?> newText)
    {
        var files = DiffParser.Parse(diff);
        if (files is not [{ Kind: FileChangeKind.Modified, IsBinary: false } file] || file.Path != target.Path)
        {
            return null;
        }
        var delta = 0;
        foreach (var hunk in file.Hunks)
        {
            // The old line the next added line goes before (a hunk of pure insertion names the line it follows).
            var nextOld = hunk.OldCount == 0 ? hunk.OldStart + 1 : hunk.OldStart;
            foreach (var line in hunk.Lines)
            {
                switch (line.Kind)
                {
                    case DiffLineKind.Removed when line.OldLine < target.StartLine || line.OldLine > target.EndLine:
                        return null;
                    case DiffLineKind.Removed:
                        delta--;
                        nextOld = line.OldLine!.Value + 1;
                        break;
                    case DiffLineKind.Added when nextOld < target.StartLine || nextOld > target.EndLine + 1:
                        return null;
                    case DiffLineKind.Added:
                        delta++;
                        break;
                    default:
                        nextOld = (line.OldLine ?? nextOld - 1) + 1;
                        break;
                }
            }
        }
        if (newText(target.Path) is not { } text)
        {
            return null;
        }
        var lines = CodeFormat.SplitLines(text);
        var last = target.EndLine + delta;
        if (last < target.StartLine)
        {
            // Every line of the thread was removed: an empty suggestion deletes them.
            return "";
        }
        return last > lines.Length ? null : string.Join("\n", lines[(target.StartLine - 1)..last]);
    }
}
