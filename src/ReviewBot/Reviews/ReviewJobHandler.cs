using Octokit;
using ReviewBot.GitHub;
using ReviewBot.Jobs;
using ReviewBot.Model;
using ReviewBot.Workspace;

namespace ReviewBot.Reviews;

/// <summary>
/// The review job: a check run on the head commit, in progress while the pull request is read, completed with a summary and
/// the Re-run button. Whatever happens, the check run does not stay spinning: cancellation and failure complete it too.
/// </summary>
public sealed partial class ReviewJobHandler(
    GitHubClientFactory clients,
    IServiceProvider services,
    IOptions<GitHubOptions> options,
    IOptions<ModelOptions> model,
    TimeProvider time,
    ILogger<ReviewJobHandler> logger)
{
    public async Task HandleAsync(ReviewRequest request, JobLease lease)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(lease);
        var cancellationToken = lease.CancellationToken;
        var installationId = await clients.ResolveInstallationAsync(request.InstallationId, request.Owner, request.Repository);
        var client = clients.CreateInstallationClient(installationId);
        cancellationToken.ThrowIfCancellationRequested();

        var run = await client.Check.Run.Create(request.Owner, request.Repository, new NewCheckRun(options.Value.CheckRunName, request.HeadSha)
        {
            Status = CheckStatus.InProgress,
            StartedAt = time.GetUtcNow(),
            ExternalId = $"{request.FullName}#{request.Number}",
            Output = new NewCheckRunOutput("Reviewing", $"ReviewBot is reviewing pull request #{request.Number} at {request.HeadSha}."),
        });
        Log.Started(logger, request.FullName, request.Number, request.HeadSha, run.Id, request.Trigger);

        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!model.Value.IsConfigured)
            {
                // Without a model the check run still reports what changed, and says what to configure.
                var files = await client.PullRequest.Files(request.Owner, request.Repository, request.Number, new ApiOptions { PageSize = 100 });
                cancellationToken.ThrowIfCancellationRequested();
                await CompleteAsync(client, request, run.Id, CheckConclusion.Neutral, CheckRunSummary.ForFiles(request, files));
                Log.Completed(logger, request.FullName, request.Number, request.HeadSha, files.Count);
                return;
            }

            var pull = await client.PullRequest.Get(request.Owner, request.Repository, request.Number);
            cancellationToken.ThrowIfCancellationRequested();
            var result = await services.GetRequiredService<PullRequestReviewer>().ReviewAsync(client, installationId, request, pull, cancellationToken);
            var conclusion = result.IsClean ? CheckConclusion.Success : CheckConclusion.Neutral;
            await CompleteAsync(client, request, run.Id, conclusion, CheckRunSummary.ForReview(request, result));
            Log.Completed(logger, request.FullName, request.Number, request.HeadSha, result.Accounting.FilesChanged);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var reason = lease.CancellationReason ?? "cancelled";
            await CompleteQuietlyAsync(client, request, run.Id, CheckConclusion.Cancelled, CheckRunSummary.Cancelled(reason));
            throw;
        }
        catch (Exception ex) when (ex is ApiException or HttpRequestException or WorkspaceException or System.ClientModel.ClientResultException
            or Polly.CircuitBreaker.BrokenCircuitException or TimeoutException)
        {
            await CompleteQuietlyAsync(client, request, run.Id, CheckConclusion.Neutral, CheckRunSummary.Failed(ex));
            throw;
        }
    }

    private Task CompleteAsync(IGitHubClient client, ReviewRequest request, long runId, CheckConclusion conclusion, NewCheckRunOutput output) =>
        client.Check.Run.Update(request.Owner, request.Repository, runId, new CheckRunUpdate
        {
            Status = CheckStatus.Completed,
            Conclusion = conclusion,
            CompletedAt = time.GetUtcNow(),
            Output = output,
            Actions = [CheckRunSummary.RerunAction],
        });

    /// <summary>Best effort, after cancellation or failure: the original error is what gets logged.</summary>
    private async Task CompleteQuietlyAsync(IGitHubClient client, ReviewRequest request, long runId, CheckConclusion conclusion, NewCheckRunOutput output)
    {
        try
        {
            await CompleteAsync(client, request, runId, conclusion, output);
        }
        catch (Exception ex) when (ex is ApiException or HttpRequestException or OperationCanceledException)
        {
            Log.CouldNotComplete(logger, ex, request.FullName, request.Number, runId);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Reviewing {Repository}#{PullNumber} at {HeadSha}: check run {CheckRunId} ({Trigger})")]
        public static partial void Started(ILogger logger, string repository, int pullNumber, string headSha, long checkRunId, string trigger);

        [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "Reviewed {Repository}#{PullNumber} at {HeadSha}: {FileCount} changed file(s)")]
        public static partial void Completed(ILogger logger, string repository, int pullNumber, string headSha, int fileCount);

        [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "Could not complete check run {CheckRunId} of {Repository}#{PullNumber}")]
        public static partial void CouldNotComplete(ILogger logger, Exception exception, string repository, int pullNumber, long checkRunId);
    }
}
