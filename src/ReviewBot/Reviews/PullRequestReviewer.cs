using Octokit;
using ReviewBot.GitHub;
using ReviewBot.Workspace;

namespace ReviewBot.Reviews;

/// <summary>
/// The GitHub side of a review: the pull request's commits fetched into the repository's mirror (the token as a header),
/// the settings read at the base commit, the intent gathered (title, body, linked issues fetched once, commit messages),
/// then the engine.
/// </summary>
public sealed partial class PullRequestReviewer(
    RepositoryMirrors mirrors,
    InstallationTokenProvider tokens,
    ReviewEngine engine,
    ILogger<PullRequestReviewer> logger)
{
    private const int MaxLinkedIssues = 5;
    private const int MaxCommits = 250;

    public async Task<ReviewResult> ReviewAsync(IGitHubClient client, long installationId, ReviewRequest request, PullRequest pull,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(pull);
        var token = await tokens.GetTokenAsync(installationId, cancellationToken);
        // The head commit of a fork's pull request is also in the base repository (refs/pull/N/head), so one mirror serves both.
        var cloneUrl = new Uri(pull.Base.Repository.CloneUrl);
        using var repository = await mirrors.OpenAsync(cloneUrl, new GitCredentials(token.Token), [pull.Base.Sha, request.HeadSha], cancellationToken);

        var mergeBase = await repository.MergeBaseAsync(pull.Base.Sha, request.HeadSha, cancellationToken) ?? pull.Base.Sha;
        RepositorySettings settings;
        using (var blobs = repository.OpenBlobReader())
        {
            settings = RepositorySettings.Parse(await blobs.ReadAsync(mergeBase, RepositorySettings.Path, cancellationToken));
        }
        var commits = await repository.LogAsync(mergeBase, request.HeadSha, MaxCommits, cancellationToken);
        var issues = await LinkedIssuesAsync(client, request, pull, commits, cancellationToken);
        var intent = new ReviewIntent(pull.Title ?? "", pull.Body ?? "", issues, commits);
        return await engine.ReviewAsync(new ReviewInput(repository, pull.Base.Sha, request.HeadSha, intent, settings), cancellationToken);
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
        [LoggerMessage(EventId = 411, Level = LogLevel.Debug, Message = "Linked issue {Owner}/{Repository}#{Number} could not be read ({Status})")]
        public static partial void IssueUnreadable(ILogger logger, string owner, string repository, int number, int status);
    }
}
