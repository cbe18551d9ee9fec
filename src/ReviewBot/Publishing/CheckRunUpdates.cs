using ReviewBot.Jobs;
using Octokit;
using ReviewBot.GitHub;
using ReviewBot.Reviews;

namespace ReviewBot.Publishing;

/// <summary>
/// The updates of a ReviewBot check run after it was created. Status updates are safe to repeat, so Polly retries them;
/// one that still fails never stops the review: going in progress is logged and skipped, and completing is tried again
/// with growing pauses for <see cref="GitHubOptions.CheckRunCompletionWindow"/>, whatever cancelled the job, so the run
/// does not stay spinning. Annotations are appended by GitHub on every update, so they are sent once, after completion.
/// </summary>
public sealed partial class CheckRunUpdates(CheckRunTracker tracker, IOptions<GitHubOptions> options, TimeProvider time, ILogger<CheckRunUpdates> logger)
{
    public const int AnnotationsPerCall = 50;

    private static readonly TimeSpan FirstPause = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LongestPause = TimeSpan.FromMinutes(1);

    public async Task StartAsync(IGitHubClient client, ReviewRequest request, long runId)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            using (GitHubRequests.SafeToRepeatScope())
            {
                await client.Check.Run.Update(request.Owner, request.Repository, runId, new CheckRunUpdate
                {
                    Status = CheckStatus.InProgress,
                    StartedAt = time.GetUtcNow(),
                    Output = new NewCheckRunOutput("Reviewing", $"ReviewBot is reviewing pull request #{request.Number} at {request.HeadSha}."),
                    Actions = [CheckRunSummary.RerunAction],
                });
            }
        }
        catch (Exception ex) when (GitHubFailure.IsGitHubFailure(ex))
        {
            // Only the spinner is missing; the review goes on and completion says how it went.
            Log.NotStarted(logger, request.FullName, request.Number, runId, GitHubFailure.Describe(ex));
        }
    }

    /// <summary>Completes the run, trying again until it lands or the window is over; true when it landed.</summary>
    public async Task<bool> CompleteAsync(IGitHubClient client, ReviewRequest request, long runId, CheckConclusion conclusion, NewCheckRunOutput output)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        var update = new CheckRunUpdate
        {
            Status = CheckStatus.Completed,
            Conclusion = conclusion,
            CompletedAt = time.GetUtcNow(),
            Output = output,
            Actions = [CheckRunSummary.RerunAction],
        };
        var giveUpAt = time.GetUtcNow() + options.Value.CheckRunCompletionWindow;
        var pause = FirstPause;
        var plain = false;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using (GitHubRequests.SafeToRepeatScope())
                {
                    await client.Check.Run.Update(request.Owner, request.Repository, runId, update);
                }
                return true;
            }
            catch (Exception ex) when (GitHubFailure.IsGitHubFailure(ex) && !GitHubFailure.IsRefusal(ex))
            {
                if (time.GetUtcNow() + pause > giveUpAt)
                {
                    Log.NotCompleted(logger, request.FullName, request.Number, runId, attempt, GitHubFailure.Describe(ex));
                    return false;
                }
                Log.CompletionFailed(logger, request.FullName, request.Number, runId, attempt, GitHubFailure.Describe(ex), pause.TotalSeconds);
                // Not the job's token: a cancelled job still completes its run.
                await Task.Delay(pause, time);
                pause = pause * 2 < LongestPause ? pause * 2 : LongestPause;
            }
            catch (ApiException ex) when (!plain)
            {
                // GitHub refused the text (too long, a field it will not take): the run still ends, with a plain one.
                Log.CompletionRefused(logger, request.FullName, request.Number, runId, GitHubFailure.Describe(ex), ex.Message);
                update.Output = new NewCheckRunOutput(output.Title.Length <= 200 ? output.Title : "ReviewBot finished",
                    $"GitHub refused this run's full summary ({GitHubFailure.Describe(ex)}). What ReviewBot found is in its review on the pull request.");
                plain = true;
            }
            catch (ApiException ex)
            {
                Log.NotCompleted(logger, request.FullName, request.Number, runId, attempt, $"{GitHubFailure.Describe(ex)}: {ex.Message}");
                return false;
            }
        }
    }

    /// <summary>Adds annotations in calls of 50; each is sent once (a repeat would add them twice). False when some are missing.</summary>
    public async Task<bool> AnnotateAsync(IGitHubClient client, ReviewRequest request, long runId, NewCheckRunOutput output,
        IReadOnlyList<NewCheckRunAnnotation> annotations)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(annotations);
        var complete = true;
        foreach (var batch in annotations.Chunk(AnnotationsPerCall))
        {
            try
            {
                await client.Check.Run.Update(request.Owner, request.Repository, runId, new CheckRunUpdate
                {
                    Output = new NewCheckRunOutput(output.Title, output.Summary) { Annotations = batch },
                });
            }
            catch (Exception ex) when (GitHubFailure.IsGitHubFailure(ex))
            {
                Log.NotAnnotated(logger, request.FullName, request.Number, runId, batch.Length, GitHubFailure.Describe(ex));
                complete = false;
            }
        }
        return complete;
    }

    /// <summary>
    /// Completes as cancelled the runs queued for this pull request's other head commits (a push superseded them, or a push
    /// went back to a reviewed head); a run that cannot be completed is logged, and forgotten either way.
    /// </summary>
    public async Task CancelSupersededAsync(IGitHubClient client, ReviewRequest request)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        foreach (var (sha, run) in tracker.Others(request.Owner, request.Repository, request.Number, request.HeadSha))
        {
            try
            {
                if (await run is not { } id)
                {
                    continue;
                }
                if (tracker.Shared && (await client.Check.Run.Get(request.Owner, request.Repository, id)).Status.Value == CheckStatus.Completed)
                {
                    // Announced here, reviewed by another instance: its conclusion stands.
                    tracker.Forget(request.Owner, request.Repository, request.Number, sha);
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

    /// <summary>The head-side findings as annotations; GitHub shows their titles and messages as plain text, defanged as such.</summary>
    public static List<NewCheckRunAnnotation> Annotations(ReviewResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Findings
            .Where(f => f.Side == DiffSide.Head)
            .Select(f => new NewCheckRunAnnotation(f.Path, f.StartLine, f.EndLine,
                f.Priority == Priority.P0 ? CheckAnnotationLevel.Failure : f.Priority == Priority.P1 ? CheckAnnotationLevel.Warning : CheckAnnotationLevel.Notice,
                MarkdownDefanger.Plain(f.Explanation, MarkdownDefanger.ExplanationLength))
            {
                Title = MarkdownDefanger.Plain($"{f.Priority}: {f.Title}", 255),
            })
            .ToList();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "Could not complete the superseded check run of {Repository}#{PullNumber} at {HeadSha} ({Reason})")]
        public static partial void CouldNotCancel(ILogger logger, string repository, int pullNumber, string headSha, string reason);

        [LoggerMessage(EventId = 471, Level = LogLevel.Warning, Message = "Could not mark check run {CheckRunId} of {Repository}#{PullNumber} in progress ({Reason}); reviewing all the same")]
        public static partial void NotStarted(ILogger logger, string repository, int pullNumber, long checkRunId, string reason);

        [LoggerMessage(EventId = 472, Level = LogLevel.Warning, Message = "Could not complete check run {CheckRunId} of {Repository}#{PullNumber} (attempt {Attempt}: {Reason}); trying again in {Seconds:0.#} s")]
        public static partial void CompletionFailed(ILogger logger, string repository, int pullNumber, long checkRunId, int attempt, string reason, double seconds);

        [LoggerMessage(EventId = 473, Level = LogLevel.Error, Message = "Gave up completing check run {CheckRunId} of {Repository}#{PullNumber} after {Attempt} attempt(s) ({Reason}); it stays open until Re-run review is pressed")]
        public static partial void NotCompleted(ILogger logger, string repository, int pullNumber, long checkRunId, int attempt, string reason);

        [LoggerMessage(EventId = 475, Level = LogLevel.Warning, Message = "GitHub refused to complete check run {CheckRunId} of {Repository}#{PullNumber} with its summary ({Reason}: {Message}); completing it with a plain one")]
        public static partial void CompletionRefused(ILogger logger, string repository, int pullNumber, long checkRunId, string reason, string message);

        [LoggerMessage(EventId = 474, Level = LogLevel.Warning, Message = "Could not add {Count} annotation(s) to check run {CheckRunId} of {Repository}#{PullNumber} ({Reason}); the findings are in the review")]
        public static partial void NotAnnotated(ILogger logger, string repository, int pullNumber, long checkRunId, int count, string reason);
    }
}
