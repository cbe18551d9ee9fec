using System.Globalization;
using System.Text;
using ReviewBot.Publishing;

namespace ReviewBot.Reviews;

/// <summary>
/// A review result as Markdown (the check run), everything the model or the pull request wrote defanged, and as plain
/// text (the CLI, which posts nothing).
/// </summary>
public static class ReviewReport
{
    private const int MaxLineLength = 1_000;

    /// <param name="defang">How untrusted text is made safe for this repository; strict (no link at all) when not given.</param>
    public static string Markdown(ReviewResult result, MarkdownDefanger? defang = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        defang ??= MarkdownDefanger.Strict;
        var b = new StringBuilder();
        b.Append("**Intent:** ").Append(Verdict(result.Intent.Verdict)).Append(". ")
            .Append(defang.Text(result.Intent.Explanation, MarkdownDefanger.ExplanationLength)).Append("\n\n");
        if (result.IsClean)
        {
            b.Append("No problems found in the changed code.\n\n");
        }
        else if (!result.IsComplete)
        {
            b.Append(Incomplete(result)).Append("\n\n");
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

    public static string Text(ReviewResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"Reviewed {result.Base[..Math.Min(12, result.Base.Length)]}...{result.Head[..Math.Min(12, result.Head.Length)]}: ")
            .Append(result.IsClean ? "no problems found" : $"{result.Findings.Count} finding(s)").Append('\n');
        if (!result.IsComplete)
        {
            b.Append(Incomplete(result, "see \"Left out\" below")).Append('\n');
        }
        b.Append("Intent: ").Append(Verdict(result.Intent.Verdict)).Append(". ").Append(result.Intent.Explanation).Append('\n');
        foreach (var f in result.Findings)
        {
            b.Append('\n').Append(f.Path).Append(':').Append(f.StartLine).Append(f.EndLine != f.StartLine ? $"-{f.EndLine}" : "")
                .Append(": ").Append(f.Priority).Append(' ').Append(f.Title)
                .Append(CultureInfo.InvariantCulture, $" (confidence {f.Confidence:0.##})\n  ")
                .Append(f.Explanation.Replace("\n", "\n  ", StringComparison.Ordinal)).Append('\n');
            if (f.Replacement is not null)
            {
                b.Append("  suggested replacement:\n    ").Append(f.Replacement.Replace("\n", "\n    ", StringComparison.Ordinal)).Append('\n');
            }
        }
        foreach (var note in result.Notes)
        {
            b.Append("note: ").Append(note).Append('\n');
        }
        if (result.Dropped.Count > 0)
        {
            b.Append("\nLeft out:\n");
        }
        foreach (var d in result.Dropped)
        {
            b.Append("dropped (").Append(d.Stage).Append("): ").Append(d.Title is null ? "" : $"\"{d.Title}\" ").Append(d.Reason).Append('\n');
        }
        var a = result.Accounting;
        b.Append(CultureInfo.InvariantCulture,
            $"{a.FilesReviewed}/{a.FilesChanged} files, {a.Chunks} part(s), tokens {a.Usage.Input} in ({a.Usage.CachedInput} cached) / {a.Usage.Output} out, {a.Elapsed.TotalSeconds:0.0} s\n");
        return b.ToString();
    }

    /// <param name="where">Where this report lists the parts that got no answer.</param>
    public static string Incomplete(ReviewResult result, string where = "see what was left out")
    {
        ArgumentNullException.ThrowIfNull(result);
        var a = result.Accounting;
        return $"The review is incomplete: {a.Chunks - a.ChunksReviewed} of {a.Chunks} part(s) got no usable answer ({where}).";
    }

    public static string Verdict(IntentVerdictKind kind) => kind switch
    {
        IntentVerdictKind.Matches => "the change does what the pull request says",
        IntentVerdictKind.Partial => "the change does part of what the pull request says",
        IntentVerdictKind.Mismatch => "the change does not do what the pull request says",
        _ => "unclear",
    };
}
