using System.Globalization;
using Octokit;
using ReviewBot.GitHub;
using ReviewBot.Hosting;
using ReviewBot.Publishing;

namespace ReviewBot.Feedback;

/// <summary>
/// Reads what people said about the bot's findings from what <see cref="PostedReviewState"/> already holds (the threads,
/// their resolved state, every reply, each comment's reactions rollup), plus the reactions list of a comment whose 👍/👎
/// counts changed since it was last read: GitHub sends no webhook for reactions, so this is the only way to see them.
/// Only people with write access teach (asked of GitHub, once per person per look); the bot and other bots never do.
/// Calls are bounded (<see cref="FeedbackOptions"/>); a call that fails leaves its signals for the next look.
/// </summary>
public sealed partial class FeedbackCollector(IOptions<FeedbackOptions> options, ILogger<FeedbackCollector> logger)
{
    public async Task<FeedbackHarvest> CollectAsync(FeedbackLook look, RepositoryFeedback known, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(look);
        ArgumentNullException.ThrowIfNull(known);
        var candidates = new List<FeedbackSignal>();
        var rollups = new Dictionary<string, string>(StringComparer.Ordinal);
        var reads = 0;
        foreach (var finding in look.State.Findings)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ReactionsChanged(finding, known) is { } rollup && reads < options.Value.MaxReactionReads)
            {
                reads++;
                if (await ReactionsAsync(look, finding) is { } reactions)
                {
                    candidates.AddRange(reactions);
                    rollups[Key(finding)] = rollup;
                }
            }
            candidates.AddRange(Replies(look, finding));
            if (await ResolvedAsync(look, finding) is { } resolved)
            {
                candidates.Add(resolved);
            }
            if (finding.FixedReplied)
            {
                candidates.Add(new FeedbackSignal($"{finding.CommentId}:fixed", false, finding, null, "fixed"));
            }
        }
        var fresh = candidates.Where(c => !known.HasSeen(c.Id)).DistinctBy(c => c.Id).ToList();
        var (writers, unasked) = await WritersAsync(look, fresh.Select(c => c.Login).OfType<string>());
        var counted = fresh.Where(c => c.Login is null || writers.Contains(c.Login)).ToList();
        var ignored = fresh.Where(c => c.Login is not null && !writers.Contains(c.Login) && !unasked.Contains(c.Login)).Select(c => c.Id).ToList();
        // A comment's counts are remembered only when all of its signals were settled: else its reactions are read again.
        foreach (var comment in fresh.Where(c => c.Login is not null && unasked.Contains(c.Login)).Select(c => Key(c.Finding)))
        {
            rollups.Remove(comment);
        }
        return new FeedbackHarvest(counted, ignored, rollups);
    }

    private static string Key(PostedFinding finding) => finding.CommentId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The comment's 👍/👎 counts when they differ from those read last time; null when there is nothing new to list.</summary>
    private static string? ReactionsChanged(PostedFinding finding, RepositoryFeedback known)
    {
        if (finding.ThumbsUp + finding.ThumbsDown == 0)
        {
            return null;
        }
        var rollup = $"{finding.ThumbsUp},{finding.ThumbsDown}";
        return known.Rollups.TryGetValue(Key(finding), out var seen) && seen == rollup ? null : rollup;
    }

    private async Task<List<FeedbackSignal>?> ReactionsAsync(FeedbackLook look, PostedFinding finding)
    {
        IReadOnlyList<Reaction> reactions;
        try
        {
            reactions = await look.Access.Client.Reaction.PullRequestReviewComment.GetAll(look.Owner, look.Repository, finding.CommentId,
                new ApiOptions { PageSize = 100, PageCount = 3 });
        }
        catch (Exception ex) when (GitHubFailure.IsGitHubFailure(ex) || ex is IOutage)
        {
            // Counted next time: the rollup is not remembered, so the list is asked for again.
            Log.ReactionsUnread(logger, look.FullName, look.Number, finding.CommentId, GitHubFailure.Describe(ex));
            return null;
        }
        return reactions
            .Where(r => r.User is { Login.Length: > 0, Type: not AccountType.Bot } && r.Content.StringValue is "+1" or "-1")
            .Select(r => r.Content.StringValue == "-1"
                ? new FeedbackSignal($"{finding.CommentId}:down:{r.User.Login.ToLowerInvariant()}", true, finding, r.User.Login, $"👎 by @{r.User.Login} on #{look.Number}")
                : new FeedbackSignal($"{finding.CommentId}:up:{r.User.Login.ToLowerInvariant()}", false, finding, r.User.Login, $"👍 by @{r.User.Login} on #{look.Number}"))
            .ToList();
    }

    /// <summary>Replies by people that say the finding is wrong; a reply that addresses the bot is a command, not a verdict.</summary>
    private static IEnumerable<FeedbackSignal> Replies(FeedbackLook look, PostedFinding finding) =>
        from reply in finding.Replies
        where !reply.IsBot && !look.Mentions.Any(m => m.Length > 1 && reply.Body.Contains(m, StringComparison.OrdinalIgnoreCase))
        let phrase = RejectionWords.Find(reply.Body)
        where phrase is not null
        select new FeedbackSignal($"{finding.CommentId}:reply:{reply.Login.ToLowerInvariant()}", true, finding, reply.Login,
            $"@{reply.Login} replied \"{phrase}\" on #{look.Number}");

    /// <summary>
    /// A thread a person resolved, read at a later head: the anchored code still there is a rejection; gone, a fix. At the
    /// head the finding was made on, or without a checkout to tell, it waits.
    /// </summary>
    private static async Task<FeedbackSignal?> ResolvedAsync(FeedbackLook look, PostedFinding finding)
    {
        if (!finding.Resolved || finding.FixedReplied || finding.ResolvedBy is not { Length: > 0 } who || look.IsGone is null
            || finding.Marker.HeadSha == look.HeadSha || finding.Marker.Line < 1
            || (look.State.BotLogin is { } bot && string.Equals(bot, who, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }
        return await look.IsGone(finding)
            ? new FeedbackSignal($"{finding.CommentId}:fixed", false, finding, null, "fixed")
            : new FeedbackSignal($"{finding.CommentId}:resolved:{who.ToLowerInvariant()}", true, finding, who,
                $"thread resolved by @{who} on #{look.Number} without a change");
    }

    /// <summary>Which of these people may write, asked of GitHub once each, at most so many a look; the rest are asked next time.</summary>
    private async Task<(HashSet<string> Writers, HashSet<string> Unasked)> WritersAsync(FeedbackLook look, IEnumerable<string> logins)
    {
        var writers = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var unasked = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var asked = 0;
        foreach (var login in logins.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (asked++ >= options.Value.MaxPermissionChecks)
            {
                unasked.Add(login);
                continue;
            }
            try
            {
                if (await RepositoryWriters.IsWriterAsync(look.Access.Client, look.Owner, look.Repository, login))
                {
                    writers.Add(login);
                }
            }
            catch (Exception ex) when (GitHubFailure.IsGitHubFailure(ex) || ex is IOutage)
            {
                Log.PermissionUnread(logger, look.FullName, login, GitHubFailure.Describe(ex));
                unasked.Add(login);
            }
        }
        return (writers, unasked);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1703, Level = LogLevel.Warning, Message = "Could not list the reactions of finding comment {CommentId} on {Repository}#{PullNumber} ({Reason}); they are read at the next look")]
        public static partial void ReactionsUnread(ILogger logger, string repository, int pullNumber, long commentId, string reason);

        [LoggerMessage(EventId = 1704, Level = LogLevel.Warning, Message = "Could not ask GitHub whether {Login} may write to {Repository} ({Reason}); their feedback is read at the next look")]
        public static partial void PermissionUnread(ILogger logger, string repository, string login, string reason);
    }
}
