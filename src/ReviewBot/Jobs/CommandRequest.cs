namespace ReviewBot.Jobs;

/// <summary>A comment that addresses the bot, from the PR conversation or from a review thread.</summary>
public sealed record CommandRequest(
    long? InstallationId, string Owner, string Repository, int Number, long CommentId, string Author, string Body, bool InReviewThread)
{
    /// <summary>The author's GitHub user id, as the webhook gave it (for their noreply address in a fix's commit).</summary>
    public long? AuthorId { get; init; }
}
