using ReviewBot.GitHub;
using Octokit;

namespace ReviewBot.Publishing;

/// <summary>
/// After a write whose answer was lost (a 502, a timeout), did GitHub take it? The bot's own review or comment is looked
/// for, by the same rules that decide what the bot has said (<see cref="ReadAsync"/>), before the write is sent again.
/// </summary>
public sealed partial record PostedReviewState
{
    /// <summary>
    /// The App's account this state was read as; null when it is not known, and then nothing is found (a write whose answer
    /// was lost may then be sent again: better twice than a forged marker trusted).
    /// </summary>
    public string? BotLogin { get; init; }

    /// <summary>Whether the bot's own writes can be told from others', and so looked for after a lost answer.</summary>
    public bool CanLook => BotLogin is not null;

    /// <summary>The review of <paramref name="headSha"/> the bot posted since this state was read, if any.</summary>
    public async Task<PullRequestReview?> FindNewReviewAsync(GitHubReviewsApi reviews, string owner, string repo, int number, string headSha)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        return (await reviews.ListReviewsAsync(owner, repo, number))
            .Where(r => BotLogin is { } bot && BotAccount.Wrote(bot, r.User) && Markers.ReviewHead(r.Body) == headSha && !ReviewIds.Contains(r.Id))
            .OrderBy(r => r.Id)
            .LastOrDefault();
    }

    /// <summary>The bot's review comment with exactly this body (a finding's carries its fingerprint and head), or its reply in a thread.</summary>
    public async Task<ReviewCommentLines?> FindCommentAsync(GitHubReviewsApi reviews, string owner, string repo, int number,
        string path, string body, long? inReplyTo)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        return (await reviews.ListReviewCommentsAsync(owner, repo, number))
            .LastOrDefault(c => BotLogin is { } bot && BotAccount.Wrote(bot, c.User) && c.InReplyToId == inReplyTo && c.Path == path && c.Body == body);
    }
}
