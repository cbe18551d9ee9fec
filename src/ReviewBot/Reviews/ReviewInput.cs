using ReviewBot.Workspace;

namespace ReviewBot.Reviews;

/// <summary>What the engine reviews: two commits of a repository, what the author says, and the repository's settings.</summary>
/// <remarks>
/// With <see cref="Since"/> (the last reviewed head, an ancestor of the head) the review is incremental: it looks at what
/// changed since then, shows the whole pull request's change of those files as context, and keeps only findings on lines
/// that changed since.
/// </remarks>
public sealed record ReviewInput(GitRepository Repository, string BaseCommit, string HeadCommit, ReviewIntent Intent, RepositorySettings Settings)
{
    public string? Since { get; init; }
}
