using Octokit;
using ReviewBot.Context;
using ReviewBot.GitHub;
using ReviewBot.Reviews;
using ReviewBot.Workspace;

namespace ReviewBot.Pipeline;

/// <summary>
/// What a command about a pull request works from: its commits in the repository's mirror (fetched with the access's
/// token), the same snapshot a review takes, and the engine's context for chosen files, split into the repository's
/// guidance and the related code.
/// </summary>
public sealed class PullRequestMaterial(RepositoryMirrors mirrors, ContextBuilder contextBuilder)
{
    public async Task<OpenedPullRequest> OpenAsync(GitHubAccess access, PullRequest pull, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(pull);
        var token = await access.TokenAsync(cancellationToken);
        var repository = await mirrors.OpenAsync(new Uri(pull.Base.Repository.CloneUrl), new GitCredentials(token), [pull.Base.Sha, pull.Head.Sha], cancellationToken);
        try
        {
            var facts = new PullRequestFacts(pull.Base.Sha, pull.Head.Sha) { Title = pull.Title ?? "", Body = pull.Body ?? "" };
            var snapshot = (await PullRequestSnapshots.TakeAsync(repository, facts, null, cancellationToken)).Snapshot!;
            return new OpenedPullRequest(repository, snapshot);
        }
        catch
        {
            repository.Dispose();
            throw;
        }
    }

    /// <summary>The guidance (AGENTS.md, the repository's instructions) and the related code for <paramref name="paths"/>, under a budget.</summary>
    public async Task<(IReadOnlyList<ContextItem> Guidance, IReadOnlyList<ContextItem> Related)> ContextAsync(OpenedPullRequest opened,
        IReadOnlyCollection<string>? paths, int budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(opened);
        var snapshot = opened.Snapshot;
        var candidates = await contextBuilder.CollectAsync(opened.Repository, snapshot.Change, snapshot.Settings.Instructions, cancellationToken);
        var pack = ContextPacker.Pack(candidates, snapshot.MergeBase, snapshot.HeadCommit, budget, includeDiff: true, paths);
        return (pack.Items.Where(i => i.Kind == ContextKind.Guidance).ToList(), pack.Items.Where(i => i.Kind != ContextKind.Guidance).ToList());
    }
}

/// <summary>A pull request's mirror and snapshot, open for one command; disposing it releases the mirror.</summary>
public sealed record OpenedPullRequest(GitRepository Repository, PullRequestSnapshot Snapshot) : IDisposable
{
    public void Dispose() => Repository.Dispose();
}
