namespace ReviewBot.Evaluation.Reports;

/// <summary>A case that counts in precision and recall (not clean, no error), with what its judge matched.</summary>
internal sealed record ScoredCase(CaseResult Result, CaseMatches Matches)
{
    public static IReadOnlyList<ScoredCase> Of(IEnumerable<CaseResult> cases) =>
        cases.Where(c => c.Error is null && !c.Case.IsClean).Select(c => new ScoredCase(c, new CaseMatches(c))).ToList();
}
