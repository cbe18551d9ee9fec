using System.Globalization;
using System.Text;
using ReviewBot.Reviews;

namespace ReviewBot.Publishing;

/// <summary>A review result as the check run's Markdown, everything the model or the pull request wrote defanged.</summary>
public static class ReviewMarkdown
{
    private const int MaxLineLength = 1_000;

    /// <param name="defang">How untrusted text is made safe for this repository; strict (no link at all) when not given.</param>
    public static string Write(ReviewResult result, MarkdownDefanger? defang = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        defang ??= MarkdownDefanger.Strict;
        var b = new StringBuilder();
        b.Append("**Intent:** ").Append(ReviewReport.Verdict(result.Intent.Verdict)).Append(". ")
            .Append(defang.Text(result.Intent.Explanation, MarkdownDefanger.ExplanationLength)).Append("\n\n");
        if (result.IsClean)
        {
            b.Append("No problems found in the changed code.\n\n");
        }
        else if (!result.IsComplete)
        {
            b.Append(ReviewReport.Incomplete(result)).Append("\n\n");
        }
        foreach (var f in result.Findings)
        {
            var where = f.Path + (f.FileLevel ? "" : $":{f.StartLine}{(f.EndLine != f.StartLine ? $"-{f.EndLine}" : "")}");
            b.Append("- **").Append(f.Priority).Append("** ").Append(MarkdownDefanger.Code(where))
                .Append(' ').Append(defang.Line(f.Title, MarkdownDefanger.TitleLength)).Append(" (confidence ").Append(f.Confidence.ToString("0.##", CultureInfo.InvariantCulture)).Append(")\n  ")
                .Append(defang.Text(f.Explanation, MarkdownDefanger.ExplanationLength, startsLine: true).Replace("\n", "\n  ", StringComparison.Ordinal)).Append('\n');
        }
        var a = result.Accounting;
        b.Append("\n<details><summary>What was reviewed</summary>\n\n")
            .Append(CultureInfo.InvariantCulture, $"{a.FilesReviewed} of {a.FilesChanged} changed file(s) in {a.Chunks} part(s) ({a.ChunksReviewed} answered); ")
            .Append(CultureInfo.InvariantCulture, $"{a.ContextItems} context item(s), symbols by {a.SymbolSource}; ")
            .Append(CultureInfo.InvariantCulture, $"tokens: {a.Usage.Input} in ({a.Usage.CachedInput} cached), {a.Usage.Output} out over {a.Usage.Calls} call(s); ")
            .Append(CultureInfo.InvariantCulture, $"{a.Elapsed.TotalSeconds:0.0} s.\n");
        foreach (var skipped in a.FilesSkipped.Take(50))
        {
            b.Append("- skipped ").Append(defang.Line(skipped, MaxLineLength)).Append('\n');
        }
        foreach (var note in result.Notes)
        {
            b.Append("- ").Append(defang.Line(note, MaxLineLength)).Append('\n');
        }
        if (result.Dropped.Count > 0)
        {
            b.Append(CultureInfo.InvariantCulture, $"\n{result.Dropped.Count} candidate(s) did not pass verification:\n");
            foreach (var d in result.Dropped.Take(50))
            {
                b.Append("- ").Append(d.Stage).Append(": ").Append(d.Title is null ? "" : $"\"{defang.Line(d.Title, MarkdownDefanger.TitleLength)}\" ")
                    .Append(defang.Line(d.Reason, MaxLineLength)).Append('\n');
            }
        }
        b.Append("\n</details>\n");
        return b.ToString();
    }
}
