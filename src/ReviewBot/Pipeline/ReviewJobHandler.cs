using System.Runtime.ExceptionServices;
using Octokit;
using ReviewBot.GitHub;
using ReviewBot.Jobs;
using ReviewBot.Model;
using ReviewBot.Publishing;
using ReviewBot.Reviews;
using ReviewBot.Status;
using ReviewBot.Telemetry;
using ReviewBot.Spending;
using ReviewBot.Workspace;

namespace ReviewBot.Pipeline;

/// <summary>
/// The one place a review is orchestrated, for the server's jobs and for the Action: the ReviewBot check run of the head
/// commit (queued, with the Re-run button, when the job was queued) goes in progress, the pull request is reviewed and the
/// review published (<see cref="PullRequestReviewer"/>), and the run completes with the summary, the Re-run button and
/// then the findings as annotations. Whatever happens, the run does not stay spinning: cancellation and failure complete
/// it too, and a run left queued by a superseded commit is completed as cancelled. A token that may not create check runs
/// (a workflow's read-only token) gets the review without one.
/// </summary>
public sealed partial class ReviewJobHandler(
    GitHubClientFactory clients,
    CheckRunTracker tracker,
    CheckRunUpdates updates,
    PullRequestReviewer reviewer,
    SpendLimits spend,
    IOptions<ModelOptions> model,
    RecentWork recent,
    ILogger<ReviewJobHandler> logger) : IJobHandler<ReviewRequest>
{
    public async Task HandleAsync(ReviewRequest request, JobLease lease)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(lease);
        var access = await clients.ForRepositoryAsync(request.InstallationId, request.Owner, request.Repository);
        lease.CancellationToken.ThrowIfCancellationRequested();
        await RunAsync(access, request, lease);
    }

    /// <summary>Reviews with the access a front door made; null when nothing was reviewed (a completed run exists, or none could be made).</summary>
    /// <param name="checkout">The Action's workspace checkout, read instead of the mirror when it has both commits; the caller owns it.</param>
    public async Task<ReviewRun?> RunAsync(GitHubAccess access, ReviewRequest request, JobLease lease, GitRepository? checkout = null)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(lease);
        var (go, runId) = await AnnounceAsync(access, request);
        if (!go)
        {
            return null;
        }
        Log.Started(logger, request.FullName, request.Number, request.HeadSha, runId ?? 0, request.Trigger);
        var started = TimeProvider.System.GetTimestamp();

        ReviewRun? run = null;
        Completion completion;
        Exception? failure = null;
        try
        {
            (run, completion) = await ReviewAsync(access, request, runId, checkout, lease);
        }
        catch (OperationCanceledException ex) when (lease.CancellationToken.IsCancellationRequested)
        {
            completion = new(CheckConclusion.Cancelled, CheckRunSummary.Cancelled(lease.CancellationReason ?? "cancelled"), []);
            failure = ex;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !lease.CancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong before the review was posted (an outage, or a bug), the run says so; the worker logs the details.
            completion = new(CheckConclusion.Neutral, FailureText.For(ex), []);
            failure = ex;
        }

        Metrics.Reviewed(Outcome(run, failure), TimeProvider.System.GetElapsedTime(started));
        // A worker whose job was taken over leaves the run to the new holder: it would otherwise end a run that is being redone.
        if (await lease.StillHeldAsync())
        {
            await CompleteAsync(access.Client, request, runId, completion);
        }
        recent.Record(new WorkRecord(DateTimeOffset.UtcNow, "review", request.FullName, request.Number, request.HeadSha, run?.Result?.Findings.Count,
            run?.Result?.Accounting.Usage.Total ?? 0, TimeProvider.System.GetElapsedTime(started), completion.Conclusion.ToString().ToLowerInvariant(),
            new Uri(MarkdownDefanger.WebRoot(access.Client.Connection.BaseAddress), $"{request.FullName}/pull/{request.Number}"))
        {
            InstallationId = request.InstallationId,
        });
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
        return run;
    }

    /// <summary>The review's outcome as a metric's label: one of a few words.</summary>
    internal static string Outcome(ReviewRun? run, Exception? failure) => (run, failure) switch
    {
        (_, OperationCanceledException) => "cancelled",
        (_, not null) => "failed",
        ({ SkippedBecause: not null }, _) => "skipped",
        ({ NotPostedBecause: not null }, _) => "not-posted",
        ({ Result: { IsComplete: false } }, _) => "incomplete",
        ({ Result: { IsClean: true } }, _) => "clean",
        ({ Result: not null }, _) => "findings",
        _ => "skipped",
    };

    /// <summary>Whether to review, and the run to report on (null: this token may not create check runs).</summary>
    private async Task<(bool Go, long? RunId)> AnnounceAsync(GitHubAccess access, ReviewRequest request)
    {
        var client = access.Client;
        try
        {
            if (await tracker.AnnounceAsync(client, request.Owner, request.Repository, request.Number, request.HeadSha, request.Forced) is not { } id)
            {
                Log.Skipped(logger, request.FullName, request.Number, request.HeadSha, "a completed ReviewBot check run exists");
                // A push back to a reviewed head: runs queued for the commits in between would otherwise stay queued.
                await updates.CancelSupersededAsync(client, request);
                return (false, null);
            }
            return (true, id);
        }
        catch (ForbiddenException ex) when (access.IsRefusedPermission(ex))
        {
            // A workflow token without checks: write (not granted, or a fork's read-only one): review without a run.
            Log.NoCheckRunPermission(logger, request.FullName, request.Number, request.HeadSha, ex.Message);
            return (true, null);
        }
        catch (Exception ex) when (GitHubFailure.IsGitHubFailure(ex) && ex is not OperationCanceledException)
        {
            // Without a run there is nowhere to say it: one clear line, and the next push or re-run tries again.
            Log.NoCheckRun(logger, request.FullName, request.Number, request.HeadSha, GitHubFailure.Describe(ex));
            return (false, null);
        }
    }

    private async Task<(ReviewRun? Run, Completion Completion)> ReviewAsync(GitHubAccess access, ReviewRequest request, long? runId, GitRepository? checkout,
        JobLease lease)
    {
        var cancellationToken = lease.CancellationToken;
        var client = access.Client;
        if (runId is { } id)
        {
            await updates.StartAsync(client, request, id);
        }
        await updates.CancelSupersededAsync(client, request);
        cancellationToken.ThrowIfCancellationRequested();
        if (!model.Value.IsConfigured)
        {
            // Without a model the check run still reports what changed, and says what to configure.
            var files = await client.PullRequest.Files(request.Owner, request.Repository, request.Number, new ApiOptions { PageSize = 100 });
            cancellationToken.ThrowIfCancellationRequested();
            Log.Completed(logger, request.FullName, request.Number, request.HeadSha, files.Count);
            return (null, new(CheckConclusion.Neutral, CheckRunSummary.ForFiles(request, files), []));
        }

        var pull = await client.PullRequest.Get(request.Owner, request.Repository, request.Number);
        cancellationToken.ThrowIfCancellationRequested();
        if (pull.Head.Sha != request.HeadSha)
        {
            // A push landed (or a re-run was asked on an older commit's run): the files GitHub lists are the new
            // head's, so comments made for this commit would land on the wrong lines. The new head gets its own review.
            Log.Skipped(logger, request.FullName, request.Number, request.HeadSha, $"the head moved to {pull.Head.Sha}");
            return (null, new(CheckConclusion.Cancelled,
                CheckRunSummary.Cancelled($"the pull request's head is now {pull.Head.Sha[..7]}, which is reviewed on its own check run"), []));
        }
        // Asked before the model is called, from what is already spent: a review that started finishes, one past a limit never starts.
        var decision = await spend.StartAsync(new SpendAccount(request.InstallationId, request.Owner, request.Repository));
        if (decision.Ticket is not { } ticket)
        {
            Log.Skipped(logger, request.FullName, request.Number, request.HeadSha, decision.Title);
            return (null, new(CheckConclusion.Neutral, CheckRunSummary.OverSpendLimit(decision), []));
        }
        ReviewRun run;
        await using (ticket)
        using (ticket.Track())
        {
            run = await reviewer.ReviewAsync(access, request, pull, cancellationToken, checkout, lease.EnsureHeldAsync);
        }
        return (run, Conclude(request, run, MarkdownDefanger.For(client.Connection.BaseAddress, request.Owner, request.Repository)));
    }

    private Completion Conclude(ReviewRequest request, ReviewRun run, MarkdownDefanger defang)
    {
        if (run.Result is not { } result)
        {
            Log.Skipped(logger, request.FullName, request.Number, request.HeadSha, run.SkippedBecause!);
            return new(CheckConclusion.Skipped, CheckRunSummary.Skipped(run.SkippedBecause!, run.Settings), []);
        }
        var conclusion = result.IsClean ? CheckConclusion.Success
            : run.Settings.FailOnP0 && result.Findings.Any(f => f.Priority == Priority.P0) ? CheckConclusion.Failure
            : CheckConclusion.Neutral;
        Log.Completed(logger, request.FullName, request.Number, request.HeadSha, result.Accounting.FilesChanged);
        return new(conclusion, CheckRunSummary.ForReview(request, result, run.Published, defang, run.NotPostedBecause), CheckRunUpdates.Annotations(result));
    }

    private async Task CompleteAsync(IGitHubClient client, ReviewRequest request, long? runId, Completion completion)
    {
        if (runId is { } id && await updates.CompleteAsync(client, request, id, completion.Conclusion, completion.Output) && completion.Annotations.Count > 0)
        {
            await updates.AnnotateAsync(client, request, id, completion.Output, completion.Annotations);
        }
        tracker.Forget(request.Owner, request.Repository, request.Number, request.HeadSha);
    }

    /// <summary>How the run ends: its conclusion, its text, and the annotations added after it completed.</summary>
    private sealed record Completion(CheckConclusion Conclusion, NewCheckRunOutput Output, IReadOnlyList<NewCheckRunAnnotation> Annotations);

    private static partial class Log
    {
        [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Reviewing {Repository}#{PullNumber} at {HeadSha}: check run {CheckRunId} ({Trigger})")]
        public static partial void Started(ILogger logger, string repository, int pullNumber, string headSha, long checkRunId, string trigger);

        [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "Reviewed {Repository}#{PullNumber} at {HeadSha}: {FileCount} changed file(s)")]
        public static partial void Completed(ILogger logger, string repository, int pullNumber, string headSha, int fileCount);

        [LoggerMessage(EventId = 404, Level = LogLevel.Information, Message = "Skipped {Repository}#{PullNumber} at {HeadSha}: {Reason}")]
        public static partial void Skipped(ILogger logger, string repository, int pullNumber, string headSha, string reason);

        [LoggerMessage(EventId = 405, Level = LogLevel.Error, Message = "Did not review {Repository}#{PullNumber} at {HeadSha}: could not create or find its check run ({Reason}). The next push or Re-run review tries again")]
        public static partial void NoCheckRun(ILogger logger, string repository, int pullNumber, string headSha, string reason);

        [LoggerMessage(EventId = 406, Level = LogLevel.Warning, Message = "Reviewing {Repository}#{PullNumber} at {HeadSha} without a check run: this token may not create check runs ({Reason}); give it checks: write to get one")]
        public static partial void NoCheckRunPermission(ILogger logger, string repository, int pullNumber, string headSha, string reason);
    }
}
