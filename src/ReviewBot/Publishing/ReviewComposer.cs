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
            var comment = Place(finding, diff, result.Head, context.Defang);
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

    private static DraftComment? Place(Finding finding, CommentableDiff diff, string head, MarkdownDefanger defang)
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
            return new DraftComment(finding.Path, Body(finding, head, finding.EndLine, suggestion, defang: defang), finding.EndLine, side,
                range ? finding.StartLine : null, range ? side : null, null, finding);
        }
        if (!finding.FileLevel && diff.CanComment(finding.Path, finding.EndLine, finding.EndLine, left))
        {
            // The range does not fit one hunk but its last line does: anchor there, without a suggestion for other lines.
            return new DraftComment(finding.Path, Body(finding, head, finding.EndLine, suggestion: false, defang: defang), finding.EndLine, side, null, null, null, finding);
        }
        return new DraftComment(finding.Path, Body(finding, head, finding.StartLine, suggestion: false, fileLevel: true, defang), null, null, null, null, "file", finding);
    }

    public static string Badge(Priority priority) => priority switch
    {
        Priority.P0 => "🔴 **P0**",
        Priority.P1 => "🟠 **P1**",
        Priority.P2 => "🟡 **P2**",
        _ => "⚪ **P3**",
    };

    /// <summary>A finding comment's title as posted: its first line without the priority badge (<see cref="Badge"/>).</summary>
    public static string TitleOf(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var line = body.Split('\n', 2)[0].Trim();
        var badge = Enum.GetValues<Priority>().Select(Badge).FirstOrDefault(b => line.StartsWith(b + " ", StringComparison.Ordinal));
        return badge is null ? line : line[(badge.Length + 1)..];
    }

    /// <summary>Longest replacement posted as a suggestion: code cannot be shortened, so a longer one is not suggested.</summary>
    public const int MaxSuggestionLength = 30_000;

    /// <summary>Evidence shown per finding, and characters per quote: the comment stays far below GitHub's 65,536.</summary>
    private const int MaxEvidence = 10;
    private const int MaxQuoteLength = 2_000;

    /// <summary>
    /// A finding's comment. Everything the model wrote is defanged (<paramref name="defang"/>, strict when not given); the
    /// replacement goes into a suggestion exactly as written, fenced so that no line of it can close the fence.
    /// </summary>
    public static string Body(Finding finding, string head, int line, bool suggestion, bool fileLevel = false, MarkdownDefanger? defang = null)
    {
        ArgumentNullException.ThrowIfNull(finding);
        defang ??= MarkdownDefanger.Strict;
        var b = new StringBuilder();
        b.Append(Badge(finding.Priority)).Append(' ').Append(defang.Line(finding.Title, MarkdownDefanger.TitleLength)).Append("\n\n");
        var lines = finding.FileLevel || finding.Moved is not null;
        if (lines)
        {
            b.Append(CultureInfo.InvariantCulture, $"_Lines {finding.StartLine}–{finding.EndLine}._ ");
        }
        b.Append(defang.Text(finding.Explanation.Trim(), MarkdownDefanger.ExplanationLength, startsLine: !lines)).Append('\n');
        if (suggestion && finding.Replacement!.Length <= MaxSuggestionLength)
        {
            b.Append('\n').Append(MarkdownDefanger.Fence("suggestion", finding.Replacement)).Append('\n');
        }
        b.Append("\n<details><summary>Evidence</summary>\n\n");
        foreach (var evidence in finding.Evidence.Take(MaxEvidence))
        {
            b.Append(MarkdownDefanger.Code($"{evidence.Path}:{evidence.Line}{(evidence.Side == DiffSide.Base ? " (base)" : "")}")).Append('\n');
            var quote = evidence.Quote.Length <= MaxQuoteLength ? evidence.Quote : evidence.Quote[..MaxQuoteLength] + "…";
            b.Append(MarkdownDefanger.Fence("", quote)).Append('\n');
        }
        b.Append(CultureInfo.InvariantCulture, $"Confidence {finding.Confidence:0.##}.\n</details>\n\n");
        b.Append(AgentPrompt.Block(finding, head)).Append('\n');
        // Line 0 marks what a push cannot be judged to fix by its code: deleted lines and whole-file findings.
        var closable = finding.Side == DiffSide.Head && !finding.FileLevel && !fileLevel;
        b.Append(Markers.Finding(finding.Fingerprint, head, finding.Path, closable ? line : 0));
        return b.ToString();
    }
}

/// <summary>
/// What the summary says about the review beyond the result: the commits and whether it was incremental; and how
/// untrusted text is defanged for this repository (strict when not given: no link, no image, no mention).
/// </summary>
public sealed record ReviewContext(int Commits, string? IncrementalSince, bool Forced)
{
    public MarkdownDefanger Defang { get; init; } = MarkdownDefanger.Strict;

    /// <summary>Awaited just before the review is written: the job's fencing check, which throws when another worker holds the job now.</summary>
    public Func<CancellationToken, ValueTask> BeforeWrite { get; init; } = _ => ValueTask.CompletedTask;
}
