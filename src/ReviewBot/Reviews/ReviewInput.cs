using ReviewBot.Workspace;

namespace ReviewBot.Reviews;

/// <summary>What the engine reviews: two commits of a repository, what the author says, and the repository's settings.</summary>
public sealed record ReviewInput(GitRepository Repository, string BaseCommit, string HeadCommit, ReviewIntent Intent, RepositorySettings Settings);
