using ReviewBot.Diff;
using ReviewBot.Workspace;

namespace ReviewBot.Reviews;

/// <summary>
/// The one step from "this pull request" to what the engine needs, shared by the server, the Action and the CLI: the merge
/// base, the settings at the base (so a pull request cannot weaken its own review), the skip rules, the intent (title,
/// body, linked issues, commit messages), the diff, and the change since the last reviewed head.
/// </summary>
public static class PullRequestSnapshots
{
    public const int MaxCommits = 250;
    private const int MaxLinkedIssues = 5;

    public static async Task<SnapshotOutcome> TakeAsync(GitRepository repository, PullRequestFacts facts, ILinkedIssueReader? issues,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(facts);
        RepositorySettings settings;
        using (var blobs = repository.OpenBlobReader())
        {
            settings = RepositorySettings.Parse(await blobs.ReadAsync(facts.BaseCommit, RepositorySettings.Path, cancellationToken));
        }
        if (facts.SkipWhen?.Invoke(settings) is { } skip)
        {
            return new SnapshotOutcome(null, settings, skip);
        }

        var change = await LoadChangeAsync(repository, facts.BaseCommit, facts.HeadCommit, cancellationToken);
        var commits = await repository.LogAsync(change.MergeBase, facts.HeadCommit, MaxCommits, cancellationToken);
        var intent = new ReviewIntent(facts.Title ?? TitleFrom(commits, facts.BaseName), facts.Title is null ? BodyFrom(commits) : facts.Body ?? "",
            await LinkedIssuesAsync(facts, commits, issues, cancellationToken), commits);
        var since = await SinceAsync(repository, facts, cancellationToken) is { } last
            ? await LoadChangeAsync(repository, last, facts.HeadCommit, cancellationToken)
            : null;
        return new SnapshotOutcome(new PullRequestSnapshot(repository, change, settings, intent) { Since = since }, settings, null);
    }

    /// <summary>Reads the merge-base diff from git (<c>git diff base...head</c>, as GitHub shows a pull request); a diff git could not finish is an error, never half a change.</summary>
    public static async Task<ChangeSet> LoadChangeAsync(GitRepository repository, string baseCommit, string headCommit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var mergeBase = await repository.MergeBaseAsync(baseCommit, headCommit, cancellationToken)
            ?? throw new WorkspaceException($"{baseCommit} and {headCommit} have no common history.");
        using var output = repository.OpenDiff(mergeBase, headCommit, cancellationToken);
        List<FileDiff> files;
        try
        {
            files = await Task.Run(() => DiffParser.Parse(output.Reader).ToList(), cancellationToken);
        }
        catch (IOException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        await output.EnsureSucceededAsync(cancellationToken);
        return new ChangeSet(baseCommit, mergeBase, headCommit, files);
    }

    private static async Task<string?> SinceAsync(GitRepository repository, PullRequestFacts facts, CancellationToken cancellationToken) =>
        facts.LastReviewedHead is { } last && last != facts.HeadCommit
        && await repository.ResolveCommitAsync(last, cancellationToken) is not null
        && await repository.IsAncestorAsync(last, facts.HeadCommit, cancellationToken)
            ? last
            : null;

    private static string TitleFrom(IReadOnlyList<CommitInfo> commits, string baseName) =>
        commits.Count == 1 ? commits[0].Subject : commits.Count == 0 ? "" : $"{commits.Count} commits since {baseName}";

    private static string BodyFrom(IReadOnlyList<CommitInfo> commits) => commits.Count == 1 ? commits[0].Body : "";

    private static async Task<IReadOnlyList<LinkedIssue>> LinkedIssuesAsync(PullRequestFacts facts, IReadOnlyList<CommitInfo> commits,
        ILinkedIssueReader? reader, CancellationToken cancellationToken)
    {
        if (reader is null || facts.Reference is not var (owner, repository, number))
        {
            return [];
        }
        var references = IssueReferences.Parse(owner, repository, [facts.Title, facts.Body, .. commits.Select(c => c.Subject + "\n" + c.Body)])
            .Where(r => !(r.Owner == owner && r.Repository == repository && r.Number == number))
            .Take(MaxLinkedIssues);
        var issues = new List<LinkedIssue>();
        foreach (var (o, r, n) in references)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await reader.ReadAsync(o, r, n, cancellationToken) is { } issue)
            {
                issues.Add(issue);
            }
        }
        return issues;
    }
}
