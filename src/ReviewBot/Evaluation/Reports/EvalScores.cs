namespace ReviewBot.Evaluation.Reports;

/// <summary>
/// Every figure the eval verb reports, computed from a run's <see cref="EvalReport"/> the way the Martian Code Review
/// Bench computes its own (step3_judge_comments.py, benchmark_dashboard.py), so the numbers stand beside the published
/// ones. Only cases that ran without an error and have a benchmark's golden comments count in precision and recall;
/// clean cases have their own figure, failed ones are counted and listed.
/// </summary>
/// <param name="Scored">Cases in precision and recall.</param>
/// <param name="Overall">Pooled over the scored cases (micro): the benchmark's headline figure.</param>
/// <param name="Macro">The mean of the per-PR values.</param>
/// <param name="Cases">Every case, in the report's order, failed and clean ones included.</param>
public sealed record EvalScores(
    string Benchmark,
    string Model,
    string Judge,
    DateTimeOffset Finished,
    int Scored,
    int Clean,
    int Errors,
    Score Overall,
    MacroScore Macro,
    IReadOnlyList<RepositoryScore> Repositories,
    IReadOnlyList<SeverityRecall> Severities,
    Calibration Calibration,
    CleanScore CleanCases,
    FabricatedScore Fabricated,
    TokenScore Tokens,
    IReadOnlyList<CaseScore> Cases)
{
    public static EvalScores From(EvalReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var scored = ScoredCase.Of(report.Cases);
        var ran = report.Cases.Where(c => c.Error is null).ToList();
        var perCase = scored.Select(s => s.Matches.Score).ToList();
        return new(
            report.Benchmark,
            report.Model,
            report.Judge,
            report.Finished,
            scored.Count,
            ran.Count(c => c.Case.IsClean),
            report.Cases.Count - ran.Count,
            Score.Sum(perCase),
            MacroScore.Of(perCase),
            RepositoryScore.Of(scored),
            SeverityRecall.Of(scored),
            Calibration.Of(scored),
            CleanScore.Of(ran.Where(c => c.Case.IsClean).ToList()),
            FabricatedScore.Of(ran),
            TokenScore.Of(report.Cases, report.Prices),
            report.Cases.Select(CaseScore.Of).ToList());
    }
}
