using Octokit;
using ReviewBot.GitHub;
using ReviewBot.Jobs;
using ReviewBot.Model;
using ReviewBot.Publishing;
using ReviewBot.Status;
using ReviewBot.Spending;

namespace ReviewBot.Pipeline;

/// <summary>
/// Runs <c>@agent explain</c> and <c>@agent fix</c> for someone the command handler let through: the pull request is read
/// again (it may have closed meanwhile), the work is done, and the reply the command handler posted is edited with how it
/// went. Whatever fails, the reply says so in words; the details go to the log.
/// </summary>
public sealed partial class AgentJobHandler(
    GitHubClientFactory clients,
    Explainer explainer,
    FixRunner fixer,
    SpendLimits spend,
    IOptions<ModelOptions> model,
    RecentWork recent,
    ILogger<AgentJobHandler> logger) : IJobHandler<AgentRequest>
{
    public async Task HandleAsync(AgentRequest request, JobLease lease)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(lease);
        var access = await clients.ForRepositoryAsync(request.InstallationId, request.Owner, request.Repository);
        await RunAsync(access, request, lease.CancellationToken);
    }

    public async Task RunAsync(GitHubAccess access, AgentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(request);
        var place = new CommandPlace(request.Owner, request.Repository, request.Number, request.CommentId, request.InReviewThread);
        var reply = new ReplyEditor(access.Client, place, request.ReplyId, MarkdownDefanger.For(access.Client.Connection.BaseAddress, request.Owner, request.Repository, request.Author));
        try
        {
            var pull = await access.Client.PullRequest.Get(request.Owner, request.Repository, request.Number);
            if (pull.State.Value != ItemState.Open)
            {
                await reply.SayAsync($"Nothing done: the pull request is {(pull.Merged ? "merged" : "closed")}.");
                return;
            }
            if (!model.Value.IsConfigured)
            {
                await reply.SayAsync("Nothing done: no model is configured for ReviewBot (Model:Endpoint and Model:Name).");
                return;
            }
            Log.Started(logger, request.Verb, request.Owner, request.Repository, request.Number, request.Author);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            // In a review thread, "this" is the thread's first comment and its lines.
            var target = await ThreadTarget.ReadAsync(access, place);
            using var counted = spend.Count(new SpendAccount(request.InstallationId, request.Owner, request.Repository)).Track();
            var text = request.Verb == AgentRequest.Explain
                ? await explainer.ExplainAsync(access, request, pull, target, reply, cancellationToken)
                : await fixer.FixAsync(access, request, pull, target, reply, cancellationToken);
            await reply.SayAsync(text);
            var outcome = request.Verb == AgentRequest.Explain ? "answered" : text.StartsWith("Pushed", StringComparison.Ordinal) ? "pushed" : "suggested";
            recent.Record(new WorkRecord(DateTimeOffset.UtcNow, request.Verb, $"{request.Owner}/{request.Repository}", request.Number, pull.Head.Sha,
                null, 0, clock.Elapsed, outcome, Uri.TryCreate(pull.HtmlUrl, UriKind.Absolute, out var link) ? link : null)
            {
                InstallationId = request.InstallationId,
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await reply.TrySayAsync("Stopped: ReviewBot was shutting down or the work was cancelled. Ask again to retry.");
            throw;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The worker logs the details once; the person who asked gets the words.
            await reply.TrySayAsync($"I could not finish: {FailureText.Doing(ex, "working on it")} ({ex.GetType().Name}). The details are in ReviewBot's log; ask again to retry.");
            throw;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 431, Level = LogLevel.Information, Message = "{Verb} for {Author} on {Owner}/{Repository}#{PullNumber}")]
        public static partial void Started(ILogger logger, string verb, string owner, string repository, int pullNumber, string author);
    }
}

/// <summary>The command's reply, edited in place; model text in it is defanged by the caller with <see cref="Defang"/>.</summary>
public sealed class ReplyEditor(IGitHubClient client, CommandPlace place, long replyId, MarkdownDefanger defang)
{
    public MarkdownDefanger Defang { get; } = defang;

    /// <summary>GitHub refuses a comment over 65,536 characters; a reply is never that long, and if it would be it is cut.</summary>
    public const int MaxLength = 60_000;

    public Task SayAsync(string body) =>
        CommandReplies.EditAsync(client, place, replyId, body.Length <= MaxLength ? body : body[..MaxLength] + "\n\n… (cut to fit a comment)");

    /// <summary>Best effort, for a reply about a failure: a second failure is not worth more than the first.</summary>
    public async Task TrySayAsync(string body)
    {
        try
        {
            await SayAsync(body);
        }
        catch (Exception ex) when (GitHubFailure.IsGitHubFailure(ex))
        {
            // Nothing more to say where GitHub will not take it; the worker logs the job's own failure.
        }
    }
}
