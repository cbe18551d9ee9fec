using Octokit;
using ReviewBot.Commands;
using ReviewBot.Context;
using ReviewBot.Feedback;
using ReviewBot.GitHub;
using ReviewBot.Jobs;
using ReviewBot.Publishing;
using ReviewBot.Reviews;
using ReviewBot.Workspace;

namespace ReviewBot.Pipeline;

/// <summary>
/// One pull request on GitHub, reviewed and published: what is already on it (read from GitHub), its commits fetched into
/// the repository's mirror (the token as a header), the snapshot (<see cref="PullRequestSnapshots"/>, the same step the CLI
/// takes), the engine, then the review posted. The server and the Action both come here, with their own access.
/// </summary>
public sealed partial class PullRequestReviewer(
    RepositoryMirrors mirrors,
    ReviewEngine engine,
    ReviewPublisher publisher,
    GitHubGraphQl graphQl,
    FeedbackLearner feedback,
    CommandMentions mentions,
    ILogger<PullRequestReviewer> logger)
{
    /// <param name="checkout">
    /// A local repository to read instead of the mirror (the Action's workspace checkout), used only when it has both the
    /// base and the head commit; the caller owns it.
    /// </param>
    /// <param name="beforeWrite">The job's fencing check, awaited just before the review is posted.</param>
    public async Task<ReviewRun> ReviewAsync(GitHubAccess access, ReviewRequest request, PullRequest pull, CancellationToken cancellationToken,
        GitRepository? checkout = null, Func<CancellationToken, ValueTask>? beforeWrite = null)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(pull);
        var state = await PostedReviewState.ReadAsync(access, graphQl, request.Owner, request.Repository, request.Number, cancellationToken);
        if (!request.Forced && state.ReviewedHeads.Contains(request.HeadSha))
        {
            return ReviewRun.Skipped(RepositorySettings.Default, $"`{request.HeadSha[..7]}` was already reviewed; use **Re-run review** for a fresh review.");
        }

        using var mirror = await HasCommitsAsync(checkout, pull.Base.Sha, request.HeadSha, cancellationToken)
            ? null
            : await OpenMirrorAsync(access, pull, request.HeadSha, cancellationToken);
        var repository = mirror ?? checkout!;
        var facts = new PullRequestFacts(pull.Base.Sha, request.HeadSha)
        {
            Title = pull.Title ?? "",
            Body = pull.Body ?? "",
            Reference = (request.Owner, request.Repository, request.Number),
            LastReviewedHead = request.Forced ? null : state.LastReviewedHead,
            SkipWhen = settings => SkipReason(request, pull, settings),
        };
        var taken = await PullRequestSnapshots.TakeAsync(repository, facts, new GitHubIssues(access.Client, logger), cancellationToken);
        if (taken.Snapshot is not { } snapshot)
        {
            return ReviewRun.Skipped(taken.Settings, taken.SkippedBecause!);
        }
        // What people said of earlier findings since the bot last looked is read now (GitHub sends no webhook for a
        // reaction); the repository's rules then drop what they rejected, in the engine's verification.
        var rules = await feedback.LearnAsync(new FeedbackLook(access, request.Owner, request.Repository, request.Number, request.HeadSha, state,
            finding => IsGoneAsync(repository, finding, request.HeadSha, cancellationToken), mentions.Current()), cancellationToken);
        var result = await engine.ReviewAsync(snapshot with { Suppressions = [.. rules.Select(r => r.ToSuppression())] }, cancellationToken);

        // The review is addressed to the author: a mention of them notifies nobody new; links may point into the repository.
        var context = new ReviewContext(snapshot.Intent.Commits.Count, snapshot.Since?.Base, request.Forced)
        {
            Defang = MarkdownDefanger.For(access.Client.Connection.BaseAddress, request.Owner, request.Repository, pull.User?.Login),
            BeforeWrite = beforeWrite ?? (_ => ValueTask.CompletedTask),
        };
        try
        {
            var outcome = await publisher.PublishAsync(access, request, result, context, state,
                finding => IsGoneAsync(repository, finding, request.HeadSha, cancellationToken), cancellationToken);
            return new ReviewRun(result, taken.Settings, outcome, null);
        }
        catch (ForbiddenException ex) when (access.IsRefusedPermission(ex))
        {
            // A workflow token that may read but not write (a fork's pull request): the review is done, only not posted.
            Log.NotPosted(logger, request.FullName, request.Number, request.HeadSha, ex.Message);
            return new ReviewRun(result, taken.Settings, null, null) { NotPostedBecause = $"GitHub refused the review ({(int)ex.StatusCode}: {ex.Message})" };
        }
    }

    /// <summary>The head commit of a fork's pull request is also in the base repository (refs/pull/N/head), so one mirror serves both.</summary>
    private async Task<GitRepository> OpenMirrorAsync(GitHubAccess access, PullRequest pull, string headSha, CancellationToken cancellationToken)
    {
        var cloneUrl = new Uri(pull.Base.Repository.CloneUrl);
        var token = await access.TokenAsync(cancellationToken);
        return await mirrors.OpenAsync(cloneUrl, new GitCredentials(token), [pull.Base.Sha, headSha], cancellationToken);
    }

    /// <summary>A checkout made with less history (actions/checkout's default depth of 1) lacks the base: then the mirror fetches.</summary>
    private static async Task<bool> HasCommitsAsync(GitRepository? checkout, string baseSha, string headSha, CancellationToken cancellationToken) =>
        checkout is not null
        && await checkout.ResolveCommitAsync(baseSha, cancellationToken) is not null
        && await checkout.ResolveCommitAsync(headSha, cancellationToken) is not null;

    /// <summary>
    /// A push changed the lines of an earlier finding and the problem is gone when the code it was anchored on is no longer
    /// in the file (or the file is gone). When the old commit cannot be read, the finding stays open.
    /// </summary>
    private static async Task<bool> IsGoneAsync(GitRepository repository, PostedFinding finding, string head, CancellationToken cancellationToken)
    {
        if (await repository.ResolveCommitAsync(finding.Marker.HeadSha, cancellationToken) is null)
        {
            return false;
        }
        string[] lines;
        using (var blobs = repository.OpenBlobReader())
        {
            var before = await blobs.ReadAsync(finding.Marker.HeadSha, finding.Marker.Path, cancellationToken);
            lines = before is null ? [] : CodeFormat.SplitLines(before);
        }
        if (finding.Marker.Line < 1 || finding.Marker.Line > lines.Length)
        {
            return false;
        }
        var anchored = lines[finding.Marker.Line - 1].Trim();
        if (FindingVerifier.Squash(anchored).Length < 4)
        {
            return false;
        }
        // Anywhere in the head tree, so that a file renamed or code moved elsewhere is not taken for a fix.
        var hits = await repository.GrepFixedAsync(head, anchored, cancellationToken);
        return hits == 0;
    }

    private static string? SkipReason(ReviewRequest request, PullRequest pull, RepositorySettings settings)
    {
        if (pull.Labels?.FirstOrDefault(l => settings.SkipLabels.Contains(l.Name, StringComparer.OrdinalIgnoreCase)) is { } label)
        {
            return $"the pull request has the label {MarkdownDefanger.Code(label.Name)}.";
        }
        if (!settings.ReviewBots && pull.User?.Type == AccountType.Bot && !request.Forced)
        {
            return $"the pull request is by a bot ({pull.User.Login}); set `review_bots: true` in {RepositorySettings.Path} to review those.";
        }
        if (!settings.ReviewOnPush && request.Trigger.EndsWith(".synchronize", StringComparison.Ordinal))
        {
            return $"`review_on_push` is off in {RepositorySettings.Path}; use **Re-run review** to review this commit.";
        }
        return null;
    }

    /// <summary>Linked issues read with the pull request's own access.</summary>
    private sealed class GitHubIssues(IGitHubClient client, ILogger logger) : ILinkedIssueReader
    {
        public async Task<LinkedIssue?> ReadAsync(string owner, string repository, int number, CancellationToken cancellationToken)
        {
            try
            {
                var issue = await client.Issue.Get(owner, repository, number);
                return new LinkedIssue(owner, repository, number, issue.Title, issue.Body);
            }
            catch (ApiException ex) when (ex is NotFoundException or ForbiddenException)
            {
                // Another repository the access cannot see, or a number that is no issue: the reference stays unread.
                Log.IssueUnreadable(logger, owner, repository, number, (int)ex.StatusCode);
                return null;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 412, Level = LogLevel.Debug, Message = "Linked issue {Owner}/{Repository}#{Number} could not be read ({Status})")]
        public static partial void IssueUnreadable(ILogger logger, string owner, string repository, int number, int status);

        [LoggerMessage(EventId = 413, Level = LogLevel.Warning, Message = "Reviewed {Repository}#{PullNumber} at {HeadSha} but could not post it: GitHub refused ({Reason})")]
        public static partial void NotPosted(ILogger logger, string repository, int pullNumber, string headSha, string reason);
    }
}

/// <summary>One review's outcome: the engine's result and what was published, or why nothing was reviewed.</summary>
public sealed record ReviewRun(ReviewResult? Result, RepositorySettings Settings, PublishOutcome? Published, string? SkippedBecause)
{
    /// <summary>The review ran but GitHub would not take it (a read-only token); the result is still there to print.</summary>
    public string? NotPostedBecause { get; init; }

    public static ReviewRun Skipped(RepositorySettings settings, string why) => new(null, settings, null, why);
}
