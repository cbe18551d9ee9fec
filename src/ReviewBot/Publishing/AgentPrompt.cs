using System.Globalization;
using System.Text;
using ReviewBot.Reviews;

namespace ReviewBot.Publishing;

/// <summary>
/// The hand-off under each inline finding: a prompt a user pastes into their own coding agent (path, lines, the problem,
/// the evidence, the direction). It is shown as a fenced block, where GitHub renders no mention, link, image or HTML; the
/// model's words are still defanged as plain text (a pasted prompt should not carry them live either), and the prompt is
/// capped so the comment stays far below GitHub's 65,536 characters.
/// </summary>
public static class AgentPrompt
{
    public const int MaxLength = 6_000;
    private const int MaxEvidence = 3;
    private const int MaxQuoteLine = 200;

    public static string For(Finding finding, string head)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(head);
        var b = new StringBuilder();
        var where = finding.FileLevel ? finding.Path : $"{finding.Path} lines {finding.StartLine}-{finding.EndLine}";
        b.Append(CultureInfo.InvariantCulture, $"In {where}{(finding.Side == DiffSide.Base ? " (removed code)" : "")} at commit {head[..Math.Min(12, head.Length)]}: ")
            .Append(OneLine(finding.Title, MarkdownDefanger.TitleLength)).Append("\n\n")
            .Append(Clean(finding.Explanation, 1_500)).Append('\n');
        var evidence = finding.Evidence.Take(MaxEvidence).ToList();
        if (evidence.Count > 0)
        {
            b.Append("\nEvidence:\n");
            foreach (var e in evidence)
            {
                b.Append(CultureInfo.InvariantCulture, $"- {e.Path}:{e.Line}: {OneLine(e.Quote, MaxQuoteLine)}\n");
            }
        }
        b.Append(finding.Replacement is { Length: > 0 and <= 2_000 } replacement
            ? $"\nSuggested direction: replace those lines with:\n{Clean(replacement, 2_000)}\n"
            : "\nSuggested direction: fix the problem described above with the smallest change that does it.\n");
        b.Append("Keep the rest of the code as it is, and run the repository's tests.");
        var text = b.ToString();
        return text.Length <= MaxLength ? text : text[..(MaxLength - 1)] + "…";
    }

    /// <summary>The prompt as a collapsed block under the finding.</summary>
    public static string Block(Finding finding, string head) =>
        $"<details><summary>Prompt for your coding agent</summary>\n\n{MarkdownDefanger.Fence("text", For(finding, head))}\n\n</details>\n";

    private static string OneLine(string text, int max)
    {
        var line = string.Join(' ', Clean(text, max * 2).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }

    /// <summary>Defanged as plain text (no mention, no tag, no image or link syntax), control characters and lone surrogates out, capped.</summary>
    private static string Clean(string text, int max) =>
        MarkdownDefanger.Plain(Printable(text, max), max * 2)
            .Replace("![", "!\u200B[", StringComparison.Ordinal)
            .Replace("](", "]\u200B(", StringComparison.Ordinal);

    private static string Printable(string text, int max)
    {
        var b = new StringBuilder(Math.Min(text.Length, max));
        for (var i = 0; i < text.Length && b.Length < max; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                b.Append(c).Append(text[++i]);
            }
            else if (!char.IsSurrogate(c) && (!char.IsControl(c) || c is '\n' or '\t'))
            {
                b.Append(c);
            }
        }
        return b.ToString().Trim();
    }
}
