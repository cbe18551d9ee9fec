using ReviewBot.Publishing;

namespace ReviewBot.Feedback;

/// <summary>
/// One thing a person (or a fix) said about a posted finding, counted once: <see cref="Id"/> names the comment, the kind
/// and the person (<c>1234:down:alice</c>), and is remembered per repository.
/// </summary>
/// <param name="Rejects">True for a rejection (it makes a rule), false for an acceptance.</param>
/// <param name="Login">Who said it; null for the bot's own "Fixed in", which needs no write access.</param>
/// <param name="Why">How the rule says it was taught, for people to read.</param>
public sealed record FeedbackSignal(string Id, bool Rejects, PostedFinding Finding, string? Login, string Why);

/// <summary>
/// What one look at a pull request found: the signals of writers to count, the ids of signals of others to remember as
/// read (a reader's 👎 makes no rule, and is not asked about again), and the 👍/👎 counts of comments fully read.
/// </summary>
public sealed record FeedbackHarvest(IReadOnlyList<FeedbackSignal> Counted, IReadOnlyList<string> Ignored, IReadOnlyDictionary<string, string> Rollups)
{
    public bool IsEmpty => Counted.Count == 0 && Ignored.Count == 0 && Rollups.Count == 0;
}

/// <summary>A look at one pull request: the access, where, its head now, what the bot posted, and how to tell a fixed finding.</summary>
/// <param name="IsGone">Whether a finding's anchored code is gone at the head; null where there is no checkout (a command), and then resolved threads wait for the next review.</param>
/// <param name="Mentions">What addresses the bot: a reply that does is a command, not a rejection.</param>
public sealed record FeedbackLook(ReviewBot.GitHub.GitHubAccess Access, string Owner, string Repository, int Number, string HeadSha,
    PostedReviewState State, Func<PostedFinding, Task<bool>>? IsGone, IReadOnlyList<string> Mentions)
{
    public string FullName => $"{Owner}/{Repository}";
}
