using System.Globalization;
using System.Text;
using ReviewBot.Reviews;

namespace ReviewBot.Publishing;

/// <summary>
/// Turns a review result into one GitHub review: each finding becomes an inline comment on lines GitHub accepts (a range
/// when it spans lines, a suggestion block when it carries replacement code for exactly those lines), a file-level
/// comment when its lines cannot take one, or a line in the summary when its file is not in GitHub's list. A finding
/// still open from an earlier review is not said again.
/// </summary>
public static class ReviewComposer
{
    public static ReviewDraft Compose(ReviewResult result, CommentableDiff diff, ReviewContext context, IReadOnlySet<string> openFingerprints,
        IReadOnlyList<PostedFinding>? open = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(openFingerprints);
        var comments = new List<DraftComment>();
        var summary = new List<Finding>();
        var repeated = new List<Finding>();
        foreach (var finding in result.Findings)
        {
            if (openFingerprints.Contains(finding.Fingerprint) || open?.Any(o => FindingMatch.SameProblem(o, finding)) == true)
            {
                repeated.Add(finding);
                continue;
            }
            var comment = Place(finding, diff, result.Head);
            if (comment is null)
            {
                summary.Add(finding);
            }
            else
            {
                comments.Add(comment);
            }
        }
        return new ReviewDraft(ReviewBody.Write(result, context, summary, repeated.Count), comments, summary, repeated);
    }

    private static DraftComment? Place(Finding finding, CommentableDiff diff, string head)
    {
        if (!diff.HasFile(finding.Path))
        {
            return null;
        }
        var left = finding.Side == DiffSide.Base;
        var side = left ? "LEFT" : "RIGHT";
        if (!finding.FileLevel && diff.CanComment(finding.Path, finding.StartLine, finding.EndLine, left))
        {
            var range = finding.EndLine > finding.StartLine;
            var suggestion = !left && finding.Replacement is not null;
            return new DraftComment(finding.Path, Body(finding, head, finding.EndLine, suggestion), finding.EndLine, side,
                range ? finding.StartLine : null, range ? side : null, null, finding);
        }
        if (!finding.FileLevel && diff.CanComment(finding.Path, finding.EndLine, finding.EndLine, left))
        {
            // The range does not fit one hunk but its last line does: anchor there, without a suggestion for other lines.
            return new DraftComment(finding.Path, Body(finding, head, finding.EndLine, suggestion: false), finding.EndLine, side, null, null, null, finding);
        }
        return new DraftComment(finding.Path, Body(finding, head, finding.StartLine, suggestion: false, fileLevel: true), null, null, null, null, "file", finding);
    }

    public static string Badge(Priority priority) => priority switch
    {
        Priority.P0 => "🔴 **P0**",
        Priority.P1 => "🟠 **P1**",
        Priority.P2 => "🟡 **P2**",
        _ => "⚪ **P3**",
    };

    public static string Body(Finding finding, string head, int line, bool suggestion, bool fileLevel = false)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var b = new StringBuilder();
        b.Append(Badge(finding.Priority)).Append(' ').Append(Markers.Defang(finding.Title)).Append("\n\n");
        if (finding.FileLevel || finding.Moved is not null)
        {
            b.Append(CultureInfo.InvariantCulture, $"_Lines {finding.StartLine}–{finding.EndLine}._ ");
        }
        b.Append(Markers.Defang(finding.Explanation.Trim())).Append('\n');
        if (suggestion)
        {
            var fence = finding.Replacement!.Contains("```", StringComparison.Ordinal) ? "````" : "```";
            b.Append('\n').Append(fence).Append("suggestion\n").Append(finding.Replacement.TrimEnd('\n')).Append('\n').Append(fence).Append('\n');
        }
        b.Append("\n<details><summary>Evidence</summary>\n\n");
        foreach (var evidence in finding.Evidence)
        {
            b.Append('`').Append(evidence.Path).Append(':').Append(evidence.Line).Append(evidence.Side == DiffSide.Base ? " (base)" : "").Append("`\n");
            b.Append("```\n").Append(Markers.Defang(evidence.Quote.Replace("```", "` ` `", StringComparison.Ordinal))).Append("\n```\n");
        }
        b.Append(CultureInfo.InvariantCulture, $"Confidence {finding.Confidence:0.##}.\n</details>\n\n");
        // Line 0 marks what a push cannot be judged to fix by its code: deleted lines and whole-file findings.
        var closable = finding.Side == DiffSide.Head && !finding.FileLevel && !fileLevel;
        b.Append(Markers.Finding(finding.Fingerprint, head, finding.Path, closable ? line : 0));
        return b.ToString();
    }
}

/// <summary>What the summary says about the review beyond the result: the commits and whether it was incremental.</summary>
public sealed record ReviewContext(int Commits, string? IncrementalSince, bool Forced);
