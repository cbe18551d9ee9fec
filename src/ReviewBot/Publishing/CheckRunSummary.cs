using System.Text;
using Octokit;
using ReviewBot.Jobs;
using ReviewBot.Reviews;
using ReviewBot.Spending;

namespace ReviewBot.Publishing;

/// <summary>
/// The texts of the ReviewBot check run. GitHub caps a check run's summary and text at 65,535 characters each. What the
/// model or the pull request wrote (paths, titles, labels, explanations) is defanged as in the review.
/// </summary>
public static class CheckRunSummary
{
    public const int MaxSummaryLength = 65_535;

    /// <summary>The button that asks for a fresh review (label ≤ 20, description ≤ 40, identifier ≤ 20 characters).</summary>
    public static NewCheckRunAction RerunAction => new("Re-run review", "Review this commit again", RerunActionId);

    /// <summary>The identifier GitHub sends back in <c>check_run.requested_action</c> when the button is pressed.</summary>
    public const string RerunActionId = RerunRequest.ButtonId;

    public static NewCheckRunOutput ForFiles(ReviewRequest request, IReadOnlyList<PullRequestFile> files)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(files);
        var title = files.Count == 1 ? "1 file changed" : $"{files.Count} files changed";
        var additions = files.Sum(f => f.Additions);
        var deletions = files.Sum(f => f.Deletions);
        var summary = new StringBuilder()
            .AppendLine($"Pull request #{request.Number} at `{request.HeadSha}`: {title}, +{additions} −{deletions}.")
            .AppendLine()
            .AppendLine("| File | Status | + | − |")
            .AppendLine("|---|---|---:|---:|");
        const string footer = "\n…and more files than fit in a check run summary.\n";
        foreach (var file in files)
        {
            var name = file.PreviousFileName is { Length: > 0 } previous && file.Status == "renamed"
                ? $"{Escape(previous)} → {Escape(file.FileName)}"
                : Escape(file.FileName);
            var row = $"| {name} | {file.Status} | {file.Additions} | {file.Deletions} |\n";
            if (summary.Length + row.Length + footer.Length > MaxSummaryLength)
            {
                summary.Append(footer);
                break;
            }

            summary.Append(row);
        }

        return new NewCheckRunOutput(title, summary.ToString());
    }

    public static NewCheckRunOutput Cancelled(string reason) =>
        new("Review cancelled", $"This review was cancelled: {reason}. Use **Re-run review** to review this commit again.");

    /// <summary>The run of a review that stopped: <paramref name="doing"/> says at what, in words a reader of the run can act on.</summary>
    public static NewCheckRunOutput Failed(string doing, string errorType) =>
        new("ReviewBot could not finish", $"ReviewBot met an error while {doing} ({errorType}) and stopped. " +
            "The details are in the service's log. Use **Re-run review** to try again.");

    /// <summary>Where to cut so that a surrogate pair (an emoji) is not split in half.</summary>
    private static int CutAt(string text, int length) => char.IsHighSurrogate(text[length - 1]) ? length - 1 : length;

    /// <summary>A review a spend limit stopped before the model was called: which limit, the numbers, and when it resets.</summary>
    public static NewCheckRunOutput OverSpendLimit(SpendDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new(decision.Title, decision.Explain());
    }

    public static NewCheckRunOutput Skipped(string why, RepositorySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = settings.Problems.Count == 0 ? "" : "\n\n" + string.Join("\n", settings.Problems.Select(p => $"- {MarkdownDefanger.Strict.Line(p, 1_000)}"));
        return new NewCheckRunOutput("Not reviewed", $"ReviewBot did not review this commit: {MarkdownDefanger.Strict.Text(why, 4_000)}{problems}");
    }

    /// <summary>The review's result as the check run's summary, with what was published.</summary>
    /// <param name="defang">How untrusted text is made safe for this repository; strict (no link at all) when not given.</param>
    public static NewCheckRunOutput ForReview(ReviewRequest request, ReviewResult result, PublishOutcome? published = null, MarkdownDefanger? defang = null,
        string? notPosted = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        var title = result.IsClean ? "No problems found"
            : result.Findings.Count == 0 ? "Review incomplete"
            : result.Findings.Count == 1 ? "1 finding" : $"{result.Findings.Count} findings";
        defang ??= MarkdownDefanger.Strict;
        var text = ReviewMarkdown.Write(result, defang) + Suppressed(result, defang) + Published(published, defang)
            + (notPosted is null ? "" : $"\nThe review was not posted: {defang.Line(notPosted, 1_000)}.\n");
        if (text.Length > MaxSummaryLength)
        {
            text = text[..CutAt(text, MaxSummaryLength - 40)] + "\n\n…(trimmed to fit the check run)\n";
        }
        return new NewCheckRunOutput(title, text);
    }

    /// <summary>What the repository's feedback rules kept back, rule by rule, so nobody wonders where a finding went.</summary>
    private static string Suppressed(ReviewResult result, MarkdownDefanger defang)
    {
        var suppressed = result.Dropped.Where(d => d.Stage == "feedback" && d.Rule is not null).ToList();
        if (suppressed.Count == 0)
        {
            return "";
        }
        var b = new StringBuilder($"\n**Suppressed by feedback:** {suppressed.Count} finding(s) not posted, matching rules this repository's people taught:\n");
        foreach (var group in suppressed.GroupBy(d => d.Rule!.Id).Take(50))
        {
            var rule = group.First().Rule!;
            b.Append($"- rule `{rule.Id}` on {MarkdownDefanger.Code(rule.PathGlob)}: \"{defang.Line(rule.Claim, MarkdownDefanger.TitleLength)}\" ({defang.Line(rule.Why, 300)})")
                .Append(group.Count() > 1 ? $", {group.Count()} findings\n" : "\n");
        }
        return b.Append("\nAsk the bot to `forget <rule id>` in a comment to have them posted again.\n").ToString();
    }

    private static string Published(PublishOutcome? published, MarkdownDefanger defang) => published switch
    {
        null => "",
        { PostedMeanwhile: true } => $"\nReview {published.ReviewId} of this commit was posted by another worker while this one ran; no second review was posted.\n",
        _ => $"\nPosted review {published.ReviewId}: {published.InlineComments} inline and {published.FileComments} file comment(s), " +
             $"{published.InSummary} in its summary, {published.Repeated} still open from earlier and not repeated" +
             (published.Fixed.Count > 0 ? $", {published.Fixed.Count} earlier finding(s) fixed and resolved" : "") +
             (published.Refused.Count > 0 ? $"; GitHub refused {published.Refused.Count} comment(s), moved to the summary: {string.Join(", ", published.Refused.Select(r => defang.Line(r, 1_000)))}" : "") + ".\n" +
             (published.NotDone.Count > 0 ? $"\nNot done: {string.Join("; ", published.NotDone.Select(n => defang.Line(n, 1_000)))}.\n" : ""),
    };

    /// <summary>A path as code in a table cell: a pipe would end the cell even inside code, so it is escaped.</summary>
    private static string Escape(string path) => MarkdownDefanger.Code(path).Replace("|", "\\|", StringComparison.Ordinal);
}
