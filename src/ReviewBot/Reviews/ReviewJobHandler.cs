using System.Runtime.ExceptionServices;
using Octokit;
using ReviewBot.GitHub;
using ReviewBot.Jobs;
using ReviewBot.Model;
using ReviewBot.Publishing;

namespace ReviewBot.Reviews;

/// <summary>
/// The review job. The ReviewBot check run of the head commit (queued, with the Re-run button, when the job was queued)
/// goes in progress, the pull request is reviewed and the review published, and the run completes with the summary, the
/// Re-run button and then the findings as annotations. Whatever happens, the run does not stay spinning: cancellation and
/// failure complete it too (completion is tried again for a while if GitHub fails), and a run left queued by a superseded
/// commit is completed as cancelled. A failed GitHub call after the review was posted never turns it into a failure.
/// </summary>
public sealed partial class ReviewJobHandler(
    GitHubClientFactory clients,
    CheckRunTracker tracker,
    CheckRunUpdates updates,
    IServiceProvider services,
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

        long runId;
        try
        {
            if (await tracker.AnnounceAsync(client, request.Owner, request.Repository, request.Number, request.HeadSha, request.Forced) is not { } id)
            {
                Log.Skipped(logger, request.FullName, request.Number, request.HeadSha, "a completed ReviewBot check run exists");
                // A push back to a reviewed head: runs queued for the commits in between would otherwise stay queued.
                await CancelSupersededAsync(client, request);
                return;
            }
            runId = id;
        }
        catch (Exception ex) when (GitHubFailure.IsGitHubFailure(ex) && ex is not OperationCanceledException)
        {
            // Without a run there is nowhere to say it: one clear line, and the next push or re-run tries again.
            Log.NoCheckRun(logger, request.FullName, request.Number, request.HeadSha, GitHubFailure.Describe(ex));
            return;
        }
        Log.Started(logger, request.FullName, request.Number, request.HeadSha, runId, request.Trigger);

        Completion completion;
        Exception? failure = null;
        try
        {
            completion = await ReviewAsync(client, installationId, request, runId, cancellationToken);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            completion = new(CheckConclusion.Cancelled, CheckRunSummary.Cancelled(lease.CancellationReason ?? "cancelled"), []);
            failure = ex;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong before the review was posted (an outage, or a bug), the run says so; the worker logs the details.
            completion = new(CheckConclusion.Neutral, CheckRunSummary.Failed(ex), []);
            failure = ex;
        }

        if (await updates.CompleteAsync(client, request, runId, completion.Conclusion, completion.Output) && completion.Annotations.Count > 0)
        {
            await updates.AnnotateAsync(client, request, runId, completion.Output, completion.Annotations);
        }
        tracker.Forget(request.Owner, request.Repository, request.Number, request.HeadSha);
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    private async Task<Completion> ReviewAsync(IGitHubClient client, long installationId, ReviewRequest request, long runId, CancellationToken cancellationToken)
    {
        await updates.StartAsync(client, request, runId);
        await CancelSupersededAsync(client, request);
        cancellationToken.ThrowIfCancellationRequested();
        if (!model.Value.IsConfigured)
        {
            // Without a model the check run still reports what changed, and says what to configure.
            var files = await client.PullRequest.Files(request.Owner, request.Repository, request.Number, new ApiOptions { PageSize = 100 });
            cancellationToken.ThrowIfCancellationRequested();
            Log.Completed(logger, request.FullName, request.Number, request.HeadSha, files.Count);
            return new(CheckConclusion.Neutral, CheckRunSummary.ForFiles(request, files), []);
        }

        var pull = await client.PullRequest.Get(request.Owner, request.Repository, request.Number);
        cancellationToken.ThrowIfCancellationRequested();
        if (pull.Head.Sha != request.HeadSha)
        {
            // A push landed (or a re-run was asked on an older commit's run): the files GitHub lists are the new
            // head's, so comments made for this commit would land on the wrong lines. The new head gets its own review.
            Log.Skipped(logger, request.FullName, request.Number, request.HeadSha, $"the head moved to {pull.Head.Sha}");
            return new(CheckConclusion.Cancelled,
                CheckRunSummary.Cancelled($"the pull request's head is now {pull.Head.Sha[..7]}, which is reviewed on its own check run"), []);
        }
        var run = await services.GetRequiredService<PullRequestReviewer>().ReviewAsync(client, installationId, request, pull, cancellationToken);
        if (run.Result is not { } result)
        {
            Log.Skipped(logger, request.FullName, request.Number, request.HeadSha, run.SkippedBecause!);
            return new(CheckConclusion.Skipped, CheckRunSummary.Skipped(run.SkippedBecause!, run.Settings), []);
        }
        var conclusion = result.IsClean ? CheckConclusion.Success
            : run.Settings.FailOnP0 && result.Findings.Any(f => f.Priority == Priority.P0) ? CheckConclusion.Failure
            : CheckConclusion.Neutral;
        Log.Completed(logger, request.FullName, request.Number, request.HeadSha, result.Accounting.FilesChanged);
        return new(conclusion, CheckRunSummary.ForReview(request, result, run.Published, MarkdownDefanger.For(client.Connection.BaseAddress, request.Owner, request.Repository)), Annotations(result));
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
                using (GitHubRequests.SafeToRepeatScope())
                {
                    await client.Check.Run.Update(request.Owner, request.Repository, id, new CheckRunUpdate
                    {
                        Status = CheckStatus.Completed,
                        Conclusion = CheckConclusion.Cancelled,
                        CompletedAt = time.GetUtcNow(),
                        Output = CheckRunSummary.Cancelled($"superseded by {request.HeadSha[..7]}"),
                        Actions = [CheckRunSummary.RerunAction],
                    });
                }
            }
            catch (Exception ex) when (GitHubFailure.IsGitHubFailure(ex) && ex is not OperationCanceledException)
            {
                Log.CouldNotCancel(logger, request.FullName, request.Number, sha, GitHubFailure.Describe(ex));
            }
            tracker.Forget(request.Owner, request.Repository, request.Number, sha);
        }
    }

    /// <summary>How the run ends: its conclusion, its text, and the annotations added after it completed.</summary>
    private sealed record Completion(CheckConclusion Conclusion, NewCheckRunOutput Output, IReadOnlyList<NewCheckRunAnnotation> Annotations);

    private static partial class Log
    {
        [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Reviewing {Repository}#{PullNumber} at {HeadSha}: check run {CheckRunId} ({Trigger})")]
        public static partial void Started(ILogger logger, string repository, int pullNumber, string headSha, long checkRunId, string trigger);

        [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "Reviewed {Repository}#{PullNumber} at {HeadSha}: {FileCount} changed file(s)")]
        public static partial void Completed(ILogger logger, string repository, int pullNumber, string headSha, int fileCount);

        [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "Could not complete the superseded check run of {Repository}#{PullNumber} at {HeadSha} ({Reason})")]
        public static partial void CouldNotCancel(ILogger logger, string repository, int pullNumber, string headSha, string reason);

        [LoggerMessage(EventId = 404, Level = LogLevel.Information, Message = "Skipped {Repository}#{PullNumber} at {HeadSha}: {Reason}")]
        public static partial void Skipped(ILogger logger, string repository, int pullNumber, string headSha, string reason);

        [LoggerMessage(EventId = 405, Level = LogLevel.Error, Message = "Did not review {Repository}#{PullNumber} at {HeadSha}: could not create or find its check run ({Reason}). The next push or Re-run review tries again")]
        public static partial void NoCheckRun(ILogger logger, string repository, int pullNumber, string headSha, string reason);
    }
}
