using Octokit;
using ReviewBot.Context;
using ReviewBot.GitHub;
using ReviewBot.Model;
using ReviewBot.Publishing;
using ReviewBot.Workspace;

namespace ReviewBot.Reviews;

/// <summary>
/// The GitHub side of a review: what is already on the pull request (read from GitHub), the commits fetched into the
/// repository's mirror (the token as a header), the settings and skip rules read at the base commit, the intent (title,
/// body, linked issues fetched once, commit messages), the engine (incremental after a push), then publishing.
/// </summary>
public sealed partial class PullRequestReviewer(
    RepositoryMirrors mirrors,
    InstallationTokenProvider tokens,
    ReviewEngine engine,
    ReviewPublisher publisher,
    GitHubGraphQl graphQl,
    BotAccount bot,
    ILogger<PullRequestReviewer> logger)
{
    private const int MaxLinkedIssues = 5;
    private const int MaxCommits = 250;

    public async Task<ReviewRun> ReviewAsync(IGitHubClient client, long installationId, ReviewRequest request, PullRequest pull,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(pull);
        var state = await PostedReviewState.ReadAsync(new GitHubReviewsApi(client), graphQl, installationId,
            request.Owner, request.Repository, request.Number, await bot.LoginAsync(cancellationToken), cancellationToken);
        if (!request.Forced && state.ReviewedHeads.Contains(request.HeadSha))
        {
            return ReviewRun.Skipped(RepositorySettings.Default, $"`{request.HeadSha[..7]}` was already reviewed; use **Re-run review** for a fresh review.");
        }

        var token = await tokens.GetTokenAsync(installationId, cancellationToken);
        // The head commit of a fork's pull request is also in the base repository (refs/pull/N/head), so one mirror serves both.
        var cloneUrl = new Uri(pull.Base.Repository.CloneUrl);
        using var repository = await mirrors.OpenAsync(cloneUrl, new GitCredentials(token.Token), [pull.Base.Sha, request.HeadSha], cancellationToken);

        var mergeBase = await repository.MergeBaseAsync(pull.Base.Sha, request.HeadSha, cancellationToken) ?? pull.Base.Sha;
        RepositorySettings settings;
        using (var blobs = repository.OpenBlobReader())
        {
            settings = RepositorySettings.Parse(await blobs.ReadAsync(pull.Base.Sha, RepositorySettings.Path, cancellationToken));
        }
        if (SkipReason(request, pull, settings) is { } skip)
        {
            return ReviewRun.Skipped(settings, skip);
        }

        var since = !request.Forced && state.LastReviewedHead is { } last && last != request.HeadSha
            && await repository.ResolveCommitAsync(last, cancellationToken) is not null
            && await repository.IsAncestorAsync(last, request.HeadSha, cancellationToken)
            ? last
            : null;
        var commits = await repository.LogAsync(mergeBase, request.HeadSha, MaxCommits, cancellationToken);
        var issues = await LinkedIssuesAsync(client, request, pull, commits, cancellationToken);
        var intent = new ReviewIntent(pull.Title ?? "", pull.Body ?? "", issues, commits);
        var result = await engine.ReviewAsync(new ReviewInput(repository, pull.Base.Sha, request.HeadSha, intent, settings) { Since = since }, cancellationToken);

        // The review is addressed to the author: a mention of them notifies nobody new; links may point into the repository.
        var context = new ReviewContext(commits.Count, since, request.Forced)
        {
            Defang = MarkdownDefanger.For(client.Connection.BaseAddress, request.Owner, request.Repository, pull.User?.Login),
        };
        var outcome = await publisher.PublishAsync(client, installationId, request, result, context, state,
            finding => IsGoneAsync(repository, finding, request.HeadSha, cancellationToken), cancellationToken);
        return new ReviewRun(result, settings, outcome, null);
    }

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

    private async Task<IReadOnlyList<LinkedIssue>> LinkedIssuesAsync(IGitHubClient client, ReviewRequest request, PullRequest pull,
        IReadOnlyList<CommitInfo> commits, CancellationToken cancellationToken)
    {
        var references = IssueReferences.Parse(request.Owner, request.Repository,
                [pull.Title, pull.Body, .. commits.Select(c => c.Subject + "\n" + c.Body)])
            .Where(r => !(r.Owner == request.Owner && r.Repository == request.Repository && r.Number == request.Number))
            .Take(MaxLinkedIssues)
            .ToList();
        var issues = new List<LinkedIssue>();
        foreach (var (owner, repository, number) in references)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var issue = await client.Issue.Get(owner, repository, number);
                issues.Add(new LinkedIssue(owner, repository, number, issue.Title, issue.Body));
            }
            catch (ApiException ex) when (ex is NotFoundException or ForbiddenException)
            {
                // Another repository the installation cannot see, or a number that is no issue: the reference stays unread.
                Log.IssueUnreadable(logger, owner, repository, number, (int)ex.StatusCode);
            }
        }
        return issues;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 412, Level = LogLevel.Debug, Message = "Linked issue {Owner}/{Repository}#{Number} could not be read ({Status})")]
        public static partial void IssueUnreadable(ILogger logger, string owner, string repository, int number, int status);
    }
}

/// <summary>One review job's outcome: the engine's result and what was published, or why nothing was reviewed.</summary>
public sealed record ReviewRun(ReviewResult? Result, RepositorySettings Settings, PublishOutcome? Published, string? SkippedBecause)
{
    public static ReviewRun Skipped(RepositorySettings settings, string why) => new(null, settings, null, why);
}
