using System.Globalization;
using System.Text;

namespace ReviewBot.Reviews;

/// <summary>A review result as plain text (the CLI and the Action's log, which post nothing); the check run's Markdown is Publishing's.</summary>
public static class ReviewReport
{
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
