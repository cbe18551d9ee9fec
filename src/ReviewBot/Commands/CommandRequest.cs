using Octokit.Webhooks;
using Octokit.Webhooks.Events;

namespace ReviewBot.Commands;

/// <summary>A comment that addresses the bot, from the PR conversation or from a review thread.</summary>
public sealed record CommandRequest(
    long? InstallationId, string Owner, string Repository, int Number, long CommentId, string Author, string Body, bool InReviewThread)
{
    public static CommandRequest From(WebhookEvent e) => e switch
    {
        IssueCommentEvent c => new(c.Installation?.Id, c.Repository!.Owner.Login, c.Repository.Name, (int)c.Issue.Number, c.Comment.Id, c.Comment.User.Login, c.Comment.Body, false),
        PullRequestReviewCommentEvent c => new(c.Installation?.Id, c.Repository!.Owner.Login, c.Repository.Name, (int)c.PullRequest.Number, c.Comment.Id, c.Comment.User.Login, c.Comment.Body, true),
        _ => throw new ArgumentException($"{e?.GetType().Name} is not a comment event.", nameof(e)),
    };
}
