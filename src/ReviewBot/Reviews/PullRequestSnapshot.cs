using ReviewBot.Diff;
using ReviewBot.Workspace;

namespace ReviewBot.Reviews;

/// <summary>
/// Everything the engine reviews, the same whichever front door made it: the repository, the change from the merge base of
/// base and head, the settings read at the base, and what the author says. Made by <see cref="PullRequestSnapshots"/>.
/// </summary>
/// <remarks>
/// With <see cref="Since"/> (the change since the last reviewed head, an ancestor of the head) the review is incremental: it
/// looks at what changed since then, shows the whole pull request's change of those files as context, and keeps only
/// findings on lines that changed since.
/// </remarks>
public sealed record PullRequestSnapshot(GitRepository Repository, ChangeSet Change, RepositorySettings Settings, ReviewIntent Intent)
{
    public string BaseCommit => Change.Base;

    public string HeadCommit => Change.Head;

    public string MergeBase => Change.MergeBase;

    public ChangeSet? Since { get; init; }

    /// <summary>The repository's feedback rules: a finding one matches is dropped with the stage "feedback". None by default.</summary>
    public IReadOnlyList<Suppression> Suppressions { get; init; } = [];
}

/// <summary>What a front door knows about "this pull request" before anything is read from git.</summary>
/// <param name="BaseCommit">The base branch's commit (GitHub's <c>base.sha</c>, or the CLI's <c>--base</c>).</param>
/// <param name="HeadCommit">The commit to review.</param>
public sealed record PullRequestFacts(string BaseCommit, string HeadCommit)
{
    /// <summary>The pull request's title; null when there is none (a local branch), and then the commits give it.</summary>
    public string? Title { get; init; }

    public string? Body { get; init; }

    /// <summary>How to name the base in a title made from the commits ("3 commits since main").</summary>
    public string BaseName { get; init; } = "the base";

    /// <summary>The repository and number that <c>#123</c> references resolve against; null where there are none to read.</summary>
    public (string Owner, string Repository, int Number)? Reference { get; init; }

    /// <summary>The head reviewed last; the review is incremental from it when it is an ancestor of the head.</summary>
    public string? LastReviewedHead { get; init; }

    /// <summary>Why not to review, decided on the settings read at the base (a skip label, a bot's pull request); null reviews.</summary>
    public Func<RepositorySettings, string?>? SkipWhen { get; init; }
}

/// <summary>The issues a pull request links to, read where the front door can (GitHub); the CLI reads none.</summary>
public interface ILinkedIssueReader
{
    /// <summary>The issue, or null when it cannot be read (another repository, or a number that is no issue).</summary>
    Task<LinkedIssue?> ReadAsync(string owner, string repository, int number, CancellationToken cancellationToken);
}

/// <summary>A snapshot, or the reason this commit is not reviewed (with the settings that said so).</summary>
public sealed record SnapshotOutcome(PullRequestSnapshot? Snapshot, RepositorySettings Settings, string? SkippedBecause);
