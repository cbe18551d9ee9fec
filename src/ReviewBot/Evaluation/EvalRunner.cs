using ReviewBot.Model;
using ReviewBot.Reviews;

namespace ReviewBot.Evaluation;

/// <summary>
/// Runs each case through the production path of the <c>review</c> verb (<see cref="PullRequestSnapshots.TakeAsync"/>,
/// then <see cref="ReviewEngine.ReviewAsync"/>, its verification and thresholds included), with the case's title as the
/// intent, then has the judge split the summary and match candidates to golden comments. Finished cases are cached and
/// skipped on the next run; a case that fails (a clone, the model, the judge) gets an error and the run goes on.
/// </summary>
public sealed partial class EvalRunner(ReviewEngine engine, EvalRepositories repositories, EvalJudge? judge, EvalCache cache,
    TimeProvider time, ILogger<EvalRunner> logger)
{
    /// <summary>
    /// The threshold to review at instead of each repository's own (a benchmark's repositories have no
    /// <c>.github/reviewbot.yml</c> for ReviewBot): loosened, the calibration table sees the findings a stricter one would drop.
    /// </summary>
    public EvalThreshold? Threshold { get; init; }

    /// <param name="finished">Told of each case as it ends, and whether it came from the cache.</param>
    public async Task<IReadOnlyList<CaseResult>> RunAsync(IReadOnlyList<EvalCase> cases, Action<CaseResult, bool>? finished,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var results = new List<CaseResult>(cases.Count);
        foreach (var evalCase in cases)
        {
            var cached = await cache.ReadAsync(evalCase, cancellationToken);
            var result = cached ?? await RunCaseAsync(evalCase, cancellationToken);
            if (cached is null)
            {
                await cache.WriteAsync(result, cancellationToken);
            }
            results.Add(result);
            finished?.Invoke(result, cached is not null);
        }
        return results;
    }

    public async Task<CaseResult> RunCaseAsync(EvalCase evalCase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evalCase);
        var started = time.GetTimestamp();
        try
        {
            return await ReviewAndJudgeAsync(evalCase, started, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The case's boundary, like a job's: whatever stopped this case (a clone, the model server, a bug) is its
            // error, written in the report and tried again next run; the other cases still run.
            Log.CaseFailed(logger, ex, evalCase.Id);
            return Failed(evalCase, EvalTokens.None, time.GetElapsedTime(started), Describe(ex));
        }
    }

    private async Task<CaseResult> ReviewAndJudgeAsync(EvalCase evalCase, long started, CancellationToken cancellationToken)
    {
        ReviewResult review;
        using (var checkout = await repositories.OpenAsync(evalCase, cancellationToken))
        {
            var facts = new PullRequestFacts(checkout.BaseCommit, checkout.HeadCommit)
            {
                BaseName = checkout.BaseName,
                Title = string.IsNullOrWhiteSpace(evalCase.Title) ? null : evalCase.Title,
            };
            var taken = await PullRequestSnapshots.TakeAsync(checkout.Repository, facts, null, cancellationToken);
            var snapshot = taken.Snapshot!;
            if (Threshold is { } threshold)
            {
                snapshot = snapshot with { Settings = snapshot.Settings with { MaxPriority = threshold.Priority, MinConfidence = threshold.Confidence } };
            }
            review = await engine.ReviewAsync(snapshot, cancellationToken);
        }
        var usage = review.Accounting.Usage;
        var tokens = new EvalTokens(usage.Input, usage.CachedInput, usage.Output, 0, 0);
        if (review.Accounting.Chunks > 0 && review.Accounting.ChunksReviewed == 0)
        {
            return Failed(evalCase, tokens, time.GetElapsedTime(started), $"the model gave no usable answer: {string.Join(" ", review.Notes)}") with { Notes = review.Notes };
        }

        var candidates = EvalCandidates.FromFindings(review).ToList();
        var judged = TokenUsage.None;
        string? error = null;
        if (judge is not null && EvalCandidates.Summary(review) is { } summary)
        {
            var extraction = await judge.ExtractAsync(summary, cancellationToken);
            judged += extraction.Usage;
            candidates.AddRange(EvalCandidates.FromSummary(extraction.Issues));
            error = extraction.Failure is { } f ? $"the judge could not split the summary into issues: {f}" : null;
        }
        IReadOnlyList<JudgedMatch> matches = [];
        if (judge is not null && error is null && evalCase.Golden.Count > 0 && candidates.Count > 0)
        {
            var matching = await judge.MatchAsync(evalCase.Golden, candidates, cancellationToken);
            judged += matching.Usage;
            matches = matching.Matches;
            error = matching.Failures > 0
                ? $"the judge gave no usable answer for {matching.Failures} of {evalCase.Golden.Count * candidates.Count} comparison(s): {matching.FirstFailure}"
                : null;
        }
        var notes = review.IsComplete ? review.Notes : [ReviewReport.Incomplete(review), .. review.Notes];
        return new CaseResult(evalCase, candidates, matches, EvalCandidates.Fabricated(review), tokens with { JudgeInput = judged.Input, JudgeOutput = judged.Output },
            time.GetElapsedTime(started), error) { Notes = notes };
    }

    private static CaseResult Failed(EvalCase evalCase, EvalTokens tokens, TimeSpan elapsed, string error) =>
        new(evalCase, [], [], 0, tokens, elapsed, error);

    private static string Describe(Exception exception) => exception switch
    {
        Workspace.WorkspaceException ex => $"git: {FirstLine(ex.Message)}",
        System.ClientModel.ClientResultException or HttpRequestException or TimeoutException or Polly.ExecutionRejectedException
            => ModelFailure.Describe(exception),
        _ => $"{exception.GetType().Name}: {FirstLine(exception.Message)}",
    };

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static partial class Log
    {
        [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "Evaluation case {CaseId} failed; the run goes on and the next run tries it again")]
        public static partial void CaseFailed(ILogger logger, Exception exception, string caseId);
    }
}
