using ReviewBot.GitHub;
namespace ReviewBot.Publishing;

/// <summary>
/// What the bot has already said on a pull request, read back from GitHub (never from a cache, so a restart or a wiped
/// Redis changes nothing): the head commits it reviewed, and its finding comments with their threads. Only what the App's
/// own account wrote counts (<see cref="BotAccount"/>): a marker in another account's comment, bot or person, is text.
/// </summary>
public sealed partial record PostedReviewState(IReadOnlySet<string> ReviewedHeads, string? LastReviewedHead, IReadOnlyList<PostedFinding> Findings,
    IReadOnlySet<string> SummaryFingerprints)
{
    /// <summary>What must not be said again: findings whose threads are open, and findings said in an earlier summary.</summary>
    public IReadOnlySet<string> OpenFingerprints =>
        Findings.Where(f => !f.Resolved).Select(f => f.Marker.Fingerprint).Concat(SummaryFingerprints).ToHashSet(StringComparer.Ordinal);

    /// <summary>Nothing said yet: what a pull request looks like when the bot's account is not known.</summary>
    public static PostedReviewState Empty { get; } = new(new HashSet<string>(), null, [], new HashSet<string>());

    /// <remarks>Only the access's bot account counts (<c>slug[bot]</c>); when it is not known nothing is trusted, so nothing counts as said.</remarks>
    public static async Task<PostedReviewState> ReadAsync(GitHubAccess access, GitHubGraphQl graphQl,
        string owner, string repo, int number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(graphQl);
        var botLogin = await access.BotLoginAsync(cancellationToken);
        var reviews = new GitHubReviewsApi(access.Client);
        if (botLogin is null)
        {
            return Empty;
        }
        var posted = (await reviews.ListReviewsAsync(owner, repo, number))
            .Where(r => BotAccount.Wrote(botLogin, r.User) && Markers.ReviewHead(r.Body) is not null)
            .OrderBy(r => r.Id)
            .ToList();
        var heads = posted.Select(r => Markers.ReviewHead(r.Body)!).ToHashSet(StringComparer.Ordinal);
        cancellationToken.ThrowIfCancellationRequested();

        var all = await reviews.ListReviewCommentsAsync(owner, repo, number);
        var comments = all.Where(c => c.InReplyToId is null && BotAccount.Wrote(botLogin, c.User) && Markers.FindingIn(c.Body) is not null).ToList();
        var closed = all.Where(c => c.InReplyToId is { } && BotAccount.Wrote(botLogin, c.User) && c.Body?.StartsWith(FixedReply, StringComparison.Ordinal) == true)
            .Select(c => c.InReplyToId!.Value).ToHashSet();
        var threads = comments.Count == 0
            ? []
            : (await graphQl.ReviewThreadsAsync(access, owner, repo, number, cancellationToken)).ToDictionary(t => t.FirstCommentId);
        // What others said in the findings' threads, read from the same list: feedback is learned from it (Feedback).
        var replies = all.Where(c => c.InReplyToId is { } && !BotAccount.Wrote(botLogin, c.User) && c.User?.Login is { Length: > 0 })
            .ToLookup(c => c.InReplyToId!.Value, c => new ThreadReply(c.Id, c.User!.Login, c.User.Type == Octokit.AccountType.Bot, c.Body ?? ""));
        var findings = comments.Select(c =>
        {
            threads.TryGetValue(c.Id, out var thread);
            return new PostedFinding(c.Id, Markers.FindingIn(c.Body)!, thread?.Id, thread?.IsResolved ?? false, closed.Contains(c.Id), c.Body ?? "")
            {
                ResolvedBy = thread?.ResolvedBy,
                Replies = [.. replies[c.Id]],
                ThumbsUp = c.Reactions?.Plus1 ?? 0,
                ThumbsDown = c.Reactions?.Minus1 ?? 0,
            };
        }).ToList();
        var summaries = posted.SelectMany(r => Markers.SummaryFingerprints(r.Body)).ToHashSet(StringComparer.Ordinal);
        return new PostedReviewState(heads, posted.Count > 0 ? Markers.ReviewHead(posted[^1].Body) : null, findings, summaries)
        {
            ReviewIds = posted.Select(r => r.Id).ToHashSet(),
            BotLogin = botLogin,
        };
    }

    /// <summary>The bot's marked reviews when this was read, to tell a review that a lost answer hid from an older one.</summary>
    public IReadOnlySet<long> ReviewIds { get; init; } = new HashSet<long>();

    /// <summary>How the bot's reply to a fixed finding starts; a thread that has one is never answered again.</summary>
    public const string FixedReply = "Fixed in ";
}

/// <summary>A finding comment the bot posted earlier: its REST id, its marker, its thread, whether it is resolved or already answered "Fixed in".</summary>
public sealed record PostedFinding(long CommentId, FindingMarker Marker, string? ThreadId, bool Resolved, bool FixedReplied, string Body)
{
    /// <summary>Who resolved the thread, when GitHub says.</summary>
    public string? ResolvedBy { get; init; }

    /// <summary>Replies in the thread by any account but the bot's, oldest first.</summary>
    public IReadOnlyList<ThreadReply> Replies { get; init; } = [];

    /// <summary>The 👍 and 👎 the comment's reactions rollup counts; who gave them is a call of its own.</summary>
    public int ThumbsUp { get; init; }

    public int ThumbsDown { get; init; }

    /// <summary>The finding's title: the first line of the comment, without the priority badge.</summary>
    public string Title => ReviewComposer.TitleOf(Body);
}

/// <summary>A reply in a finding's thread: its REST id, its author and whether that account is a bot, and what it says.</summary>
public sealed record ThreadReply(long Id, string Login, bool IsBot, string Body);
