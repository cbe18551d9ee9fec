using Octokit;
using ReviewBot.Feedback;
using ReviewBot.GitHub;
using ReviewBot.Jobs;
using ReviewBot.Publishing;
using ReviewBot.Spending;

namespace ReviewBot.Commands;

/// <summary>
/// Acts on <c>@agent</c> commands. Only people with write access (asked of GitHub, never read from the payload) make it act;
/// anyone else gets a short reply saying so. Acknowledges with an 👀 reaction so the author knows it was seen.
/// </summary>
public sealed partial class CommandJobHandler(
    GitHubClientFactory clients,
    IJobQueue queue,
    IOptions<CommandsOptions> options,
    CommandMentions mentions,
    SpendLimits spend,
    FeedbackLearner feedback,
    GitHubGraphQl graphQl,
    ILogger<CommandJobHandler> logger) : IJobHandler<CommandRequest>
{
    public async Task HandleAsync(CommandRequest request, JobLease lease)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(lease);
        if (CommandParser.Parse(request.Body, mentions.Current()) is null)
        {
            return;
        }
        await RunAsync(await clients.ForRepositoryAsync(request.InstallationId, request.Owner, request.Repository), request, lease.CancellationToken);
    }

    /// <summary>Acts on the command with the access a front door made (the server's installation, the Action's token).</summary>
    public async Task RunAsync(GitHubAccess access, CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(request);
        if (CommandParser.Parse(request.Body, mentions.Current()) is not { } command)
        {
            return;
        }
        var client = access.Client;
        await ReactAsync(client, request);
        var permission = await client.Repository.Collaborator.ReviewPermission(request.Owner, request.Repository, request.Author);
        if (!CanAct(permission.Permission))
        {
            Log.Refused(logger, request.Author, command.Verb, request.Owner, request.Repository, request.Number);
            await ReplyAsync(client, request, $"Sorry @{request.Author}, only people with write access to this repository can ask me to act.");
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        Log.Command(logger, request.Author, command.Verb, request.Owner, request.Repository, request.Number);
        switch (command.Verb)
        {
            case "review":
                // Refused now means refused by the job too: say so in the reply instead of queueing a review that will not start.
                if (await spend.PeekAsync(new SpendAccount(request.InstallationId, request.Owner, request.Repository)) is { Allowed: false } refused)
                {
                    await ReplyAsync(client, request, $"Sorry @{request.Author}, I cannot review this now. {refused.Explain()}");
                    break;
                }
                var pr = await client.PullRequest.Get(request.Owner, request.Repository, request.Number);
                var review = new ReviewRequest(request.InstallationId, request.Owner, request.Repository, request.Number, pr.Head.Sha, Forced: true, "command.review");
                if (await queue.EnqueueAsync(Job.ForReview($"comment-{request.CommentId}", review).Queued(), cancellationToken) == EnqueueResult.Full)
                {
                    await ReplyAsync(client, request, "I have too much queued to take this review now; please ask again in a few minutes.");
                }

                break;
            case AgentRequest.Fix or AgentRequest.Explain:
                await HandOverAsync(client, request, command, request.AuthorId, cancellationToken);
                break;
            case "help" or "":
                var rules = await LearnAsync(access, request, cancellationToken);
                await ReplyAsync(client, request, $"{CommandHelp.Text(options.Value.Mention)}\n{FeedbackText.Listing(rules, options.Value.Mention)}");
                break;
            case "forget":
                await ForgetAsync(access, request, command.Arguments, cancellationToken);
                break;
            default:
                await ReplyAsync(client, request, $"I don't know {MarkdownDefanger.Code(command.Verb)} yet.\n\n{CommandHelp.Text(options.Value.Mention)}");
                break;
        }
    }

    /// <summary>
    /// A fix or an explanation runs as its own job, after what is queued for the pull request: the reply says at once that
    /// it was taken, and the job edits that reply as it goes.
    /// </summary>
    private async Task HandOverAsync(IGitHubClient client, CommandRequest request, ParsedCommand command, long? authorId, CancellationToken cancellationToken)
    {
        var text = command.Verb == AgentRequest.Fix ? WithoutThis(command.Arguments) : command.Arguments;
        if (command.Verb == AgentRequest.Fix && !request.InReviewThread && text.Length == 0)
        {
            await ReplyAsync(client, request, $"Say what to fix, @{request.Author}: `{options.Value.Mention} fix the null check in Parse`, or write `{options.Value.Mention} fix this` in the thread of a finding.");
            return;
        }
        var doing = command.Verb == AgentRequest.Fix ? "fix this" : "answer this";
        var replyId = await CommandReplies.PostAsync(client, Place(request), $"👀 On it, @{request.Author}: I am reading the code to {doing}. This comment will say how it went.");
        var job = new AgentRequest(command.Verb, request.InstallationId, request.Owner, request.Repository, request.Number, request.CommentId,
            request.InReviewThread, request.Author, text, replyId) { AuthorId = authorId };
        EnqueueResult queued;
        try
        {
            queued = await queue.EnqueueAsync(Job.ForAgent($"comment-{request.CommentId}", job).Queued(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The reply already says "on it": it must not stay so when the work was never queued (Redis down, say).
            await CommandReplies.EditAsync(client, Place(request), replyId, "I could not queue this; please ask again in a few minutes.");
            throw;
        }
        if (queued == EnqueueResult.Full)
        {
            await CommandReplies.EditAsync(client, Place(request), replyId, "I have too much queued to take this now; please ask again in a few minutes.");
        }
    }

    /// <summary>"fix this …" and "fix …" mean the same: "this" is the thread, the rest says how.</summary>
    internal static string WithoutThis(string arguments)
    {
        var text = arguments.Trim();
        return text.Equals("this", StringComparison.OrdinalIgnoreCase) ? ""
            : text.StartsWith("this ", StringComparison.OrdinalIgnoreCase) ? text[5..].TrimStart(' ', ':', ',', '-')
            : text;
    }

    private static CommandPlace Place(CommandRequest request) =>
        new(request.Owner, request.Repository, request.Number, request.CommentId, request.InReviewThread);

    internal static bool CanAct(string permission) => RepositoryWriters.CanWrite(permission);

    /// <summary>The 👀. Safe to send again: GitHub answers 200 with the existing reaction instead of making a second.</summary>
    private static async Task ReactAsync(IGitHubClient client, CommandRequest request)
    {
        using (GitHubRequests.SafeToRepeatScope())
        {
            _ = request.InReviewThread
                ? await client.Reaction.PullRequestReviewComment.Create(request.Owner, request.Repository, request.CommentId, new NewReaction(ReactionType.Eyes))
                : await client.Reaction.IssueComment.Create(request.Owner, request.Repository, request.CommentId, new NewReaction(ReactionType.Eyes));
        }
    }

    private static Task ReplyAsync(IGitHubClient client, CommandRequest request, string body) => CommandReplies.PostAsync(client, Place(request), body);

    private static partial class Log
    {
        [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "{Author} asked for '{Verb}' on {Owner}/{Repository}#{PullNumber}")]
        public static partial void Command(ILogger logger, string author, string verb, string owner, string repository, int pullNumber);

        [LoggerMessage(EventId = 502, Level = LogLevel.Information, Message = "{Author} may not ask for '{Verb}' on {Owner}/{Repository}#{PullNumber}: no write access")]
        public static partial void Refused(ILogger logger, string author, string verb, string owner, string repository, int pullNumber);
    }
}
