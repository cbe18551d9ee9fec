using ReviewBot.Reviews;
using ReviewBot.Workspace;

namespace ReviewBot.Tests.TestSupport;

/// <summary>Engine inputs with the intent and settings a test chooses, over the real merge-base diff.</summary>
public static class Snapshots
{
    public static async Task<PullRequestSnapshot> OfAsync(GitRepository repository, string baseCommit, string headCommit, ReviewIntent intent,
        RepositorySettings settings) =>
        new(repository, await PullRequestSnapshots.LoadChangeAsync(repository, baseCommit, headCommit, CancellationToken.None), settings, intent);
}
