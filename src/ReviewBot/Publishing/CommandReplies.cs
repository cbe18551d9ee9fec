using Octokit;
using ReviewBot.GitHub;

namespace ReviewBot.Publishing;

/// <summary>
/// The bot's one reply to a command, in the place the command was written: the pull request's conversation, or the review
/// thread (through the documented replies endpoint, on the thread's first comment, since GitHub takes no reply to a reply).
/// The reply is then edited in place as the work goes on, so a command gets one comment, not a stream of them.
/// </summary>
public static class CommandReplies
{
    /// <returns>The reply's id, to edit it later.</returns>
    public static async Task<long> PostAsync(IGitHubClient client, CommandPlace place, string body)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(place);
        if (!place.InReviewThread)
        {
            return (await client.Issue.Comment.Create(place.Owner, place.Repository, place.Number, body)).Id;
        }
        var api = new GitHubReviewsApi(client);
        var root = await ThreadRootAsync(api, place);
        return (await api.ReplyAsync(place.Owner, place.Repository, place.Number, root.Id, body)).Id;
    }

    /// <summary>Replaces the reply's text. Safe to repeat: the same body again leaves the same comment.</summary>
    public static async Task EditAsync(IGitHubClient client, CommandPlace place, long replyId, string body)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(place);
        using (GitHubRequests.SafeToRepeatScope())
        {
            if (place.InReviewThread)
            {
                await new GitHubReviewsApi(client).EditCommentAsync(place.Owner, place.Repository, replyId, body);
            }
            else
            {
                await client.Issue.Comment.Update(place.Owner, place.Repository, replyId, body);
            }
        }
    }

    /// <summary>The thread's first comment: the finding or the reviewer's comment the command answers.</summary>
    public static async Task<ReviewCommentLines> ThreadRootAsync(GitHubReviewsApi api, CommandPlace place)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(place);
        var comment = await api.GetCommentAsync(place.Owner, place.Repository, place.CommentId);
        return comment.InReplyToId is { } root ? await api.GetCommentAsync(place.Owner, place.Repository, root) : comment;
    }
}

/// <summary>Where a command was written: a pull request's conversation, or a review thread (by one of its comments).</summary>
public sealed record CommandPlace(string Owner, string Repository, int Number, long CommentId, bool InReviewThread);
