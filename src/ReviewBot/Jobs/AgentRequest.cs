namespace ReviewBot.Jobs;

/// <summary>
/// An <c>@agent fix</c> or <c>@agent explain</c> asked by someone GitHub says may write. <see cref="ReplyId"/> is the bot's
/// reply in the same place, which the job edits as it goes and at the end.
/// </summary>
/// <param name="Verb"><c>fix</c> or <c>explain</c>.</param>
/// <param name="Text">What follows the verb: what to fix, or the question.</param>
public sealed record AgentRequest(
    string Verb, long? InstallationId, string Owner, string Repository, int Number, long CommentId, bool InReviewThread,
    string Author, string Text, long ReplyId)
{
    /// <summary>The requester's GitHub user id, for the <c>ID+login@users.noreply.github.com</c> address GitHub links to them.</summary>
    public long? AuthorId { get; init; }

    public const string Fix = "fix";
    public const string Explain = "explain";
}
