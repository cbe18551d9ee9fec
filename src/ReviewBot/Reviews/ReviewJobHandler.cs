using Octokit;
using ReviewBot.GitHub;
using ReviewBot.Jobs;
using ReviewBot.Model;
using ReviewBot.Publishing;
using ReviewBot.Workspace;

namespace ReviewBot.Reviews;

/// <summary>
/// The review job. The ReviewBot check run of the head commit (queued when the job was queued) goes in progress, the
/// pull request is reviewed and the review published, and the run completes with the summary, the findings as
/// annotations (50 per call) and the Re-run button. Whatever happens, the run does not stay spinning: cancellation and
/// failure complete it too, and a run left queued by a superseded commit is completed as cancelled.
/// </summary>
public sealed partial class ReviewJobHandler(
    GitHubClientFactory clients,
    CheckRunTracker tracker,
    IServiceProvider services,
    IOptions<ModelOptions> model,
    TimeProvider time,
    ILogger<ReviewJobHandler> logger)
{
    private const int AnnotationsPerCall = 50;

    public async Task HandleAsync(ReviewRequest request, JobLease lease)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(lease);
        var cancellationToken = lease.CancellationToken;
        var installationId = await clients.ResolveInstallationAsync(request.InstallationId, request.Owner, request.Repository);
        var client = clients.CreateInstallationClient(installationId);
        cancellationToken.ThrowIfCancellationRequested();

        if (await tracker.AnnounceAsync(client, request.Owner, request.Repository, request.Number, request.HeadSha, request.Forced) is not { } runId)
        {
            Log.Skipped(logger, request.FullName, request.Number, request.HeadSha, "a completed ReviewBot check run exists");
            return;
        }
        Log.Started(logger, request.FullName, request.Number, request.HeadSha, runId, request.Trigger);

        try
        {
            await client.Check.Run.Update(request.Owner, request.Repository, runId, new CheckRunUpdate
            {
                Status = CheckStatus.InProgress,
                StartedAt = time.GetUtcNow(),
                Output = new NewCheckRunOutput("Reviewing", $"ReviewBot is reviewing pull request #{request.Number} at {request.HeadSha}."),
            });
            await CancelSupersededAsync(client, request);
            cancellationToken.ThrowIfCancellationRequested();
            if (!model.Value.IsConfigured)
            {
                // Without a model the check run still reports what changed, and says what to configure.
                var files = await client.PullRequest.Files(request.Owner, request.Repository, request.Number, new ApiOptions { PageSize = 100 });
                cancellationToken.ThrowIfCancellationRequested();
                await CompleteAsync(client, request, runId, CheckConclusion.Neutral, CheckRunSummary.ForFiles(request, files));
                Log.Completed(logger, request.FullName, request.Number, request.HeadSha, files.Count);
                return;
            }

            var pull = await client.PullRequest.Get(request.Owner, request.Repository, request.Number);
            cancellationToken.ThrowIfCancellationRequested();
            if (pull.Head.Sha != request.HeadSha)
            {
                // A push landed (or a re-run was asked on an older commit's run): the files GitHub lists are the new
                // head's, so comments made for this commit would land on the wrong lines. The new head gets its own review.
                await CompleteAsync(client, request, runId, CheckConclusion.Cancelled,
                    CheckRunSummary.Cancelled($"the pull request's head is now {pull.Head.Sha[..7]}, which is reviewed on its own check run"));
                Log.Skipped(logger, request.FullName, request.Number, request.HeadSha, $"the head moved to {pull.Head.Sha}");
                return;
            }
            var run = await services.GetRequiredService<PullRequestReviewer>().ReviewAsync(client, installationId, request, pull, cancellationToken);
            if (run.Result is not { } result)
            {
                await CompleteAsync(client, request, runId, CheckConclusion.Skipped, CheckRunSummary.Skipped(run.SkippedBecause!, run.Settings));
                Log.Skipped(logger, request.FullName, request.Number, request.HeadSha, run.SkippedBecause!);
                return;
            }
            var conclusion = result.IsClean ? CheckConclusion.Success
                : run.Settings.FailOnP0 && result.Findings.Any(f => f.Priority == Priority.P0) ? CheckConclusion.Failure
                : CheckConclusion.Neutral;
            var annotations = Annotations(result);
            var output = CheckRunSummary.ForReview(request, result, run.Published, MarkdownDefanger.For(client.Connection.BaseAddress, request.Owner, request.Repository));
            await CompleteAsync(client, request, runId, conclusion, output, annotations.Take(AnnotationsPerCall).ToList());
            foreach (var batch in annotations.Skip(AnnotationsPerCall).Chunk(AnnotationsPerCall))
            {
                // GitHub appends the annotations of each update to the run's list.
                await client.Check.Run.Update(request.Owner, request.Repository, runId, new CheckRunUpdate
                {
                    Output = new NewCheckRunOutput(output.Title, output.Summary) { Annotations = batch },
                });
            }
            Log.Completed(logger, request.FullName, request.Number, request.HeadSha, result.Accounting.FilesChanged);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var reason = lease.CancellationReason ?? "cancelled";
            await CompleteQuietlyAsync(client, request, runId, CheckConclusion.Cancelled, CheckRunSummary.Cancelled(reason));
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever went wrong (an outage, or a bug), the run must not stay spinning; the worker logs the details.
            await CompleteQuietlyAsync(client, request, runId, CheckConclusion.Neutral, CheckRunSummary.Failed(ex));
            throw;
        }
        finally
        {
            tracker.Forget(request.Owner, request.Repository, request.Number, request.HeadSha);
        }
    }

    /// <summary>The head-side findings as annotations; GitHub shows their titles and messages as plain text, defanged as such.</summary>
    private static List<NewCheckRunAnnotation> Annotations(ReviewResult result) =>
        result.Findings
            .Where(f => f.Side == DiffSide.Head)
            .Select(f => new NewCheckRunAnnotation(f.Path, f.StartLine, f.EndLine,
                f.Priority == Priority.P0 ? CheckAnnotationLevel.Failure : f.Priority == Priority.P1 ? CheckAnnotationLevel.Warning : CheckAnnotationLevel.Notice,
                MarkdownDefanger.Plain(f.Explanation, MarkdownDefanger.ExplanationLength))
            {
                Title = MarkdownDefanger.Plain($"{f.Priority}: {f.Title}", 255),
            })
            .ToList();

    private async Task CancelSupersededAsync(IGitHubClient client, ReviewRequest request)
    {
        foreach (var (sha, run) in tracker.Others(request.Owner, request.Repository, request.Number, request.HeadSha))
        {
            try
            {
                if (await run is not { } id)
                {
                    continue;
                }
                await client.Check.Run.Update(request.Owner, request.Repository, id, new CheckRunUpdate
                {
                    Status = CheckStatus.Completed,
                    Conclusion = CheckConclusion.Cancelled,
                    CompletedAt = time.GetUtcNow(),
                    Output = CheckRunSummary.Cancelled($"superseded by {request.HeadSha[..7]}"),
                });
            }
            catch (Exception ex) when (ex is ApiException or HttpRequestException)
            {
                Log.CouldNotComplete(logger, ex, request.FullName, request.Number, 0);
            }
            tracker.Forget(request.Owner, request.Repository, request.Number, sha);
        }
    }

    private Task CompleteAsync(IGitHubClient client, ReviewRequest request, long runId, CheckConclusion conclusion, NewCheckRunOutput output,
        IReadOnlyList<NewCheckRunAnnotation>? annotations = null) =>
        client.Check.Run.Update(request.Owner, request.Repository, runId, new CheckRunUpdate
        {
            Status = CheckStatus.Completed,
            Conclusion = conclusion,
            CompletedAt = time.GetUtcNow(),
            Output = annotations is { Count: > 0 } ? new NewCheckRunOutput(output.Title, output.Summary) { Annotations = annotations } : output,
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

        [LoggerMessage(EventId = 404, Level = LogLevel.Information, Message = "Skipped {Repository}#{PullNumber} at {HeadSha}: {Reason}")]
        public static partial void Skipped(ILogger logger, string repository, int pullNumber, string headSha, string reason);
    }
}
