namespace ReviewBot.Evaluation.Reports;

/// <summary>One pull request's line in the report. A clean or failed case has a score of its counts only (no golden comments).</summary>
/// <param name="Findings">Line-anchored and file-level findings (<see cref="CandidateOrigin.Finding"/>).</param>
/// <param name="SummaryIssues">Issues the judge split out of the review's summary.</param>
public sealed record CaseScore(
    string Id,
    EvalSource Source,
    string Repository,
    string Title,
    string? Url,
    Score Score,
    int Findings,
    int SummaryIssues,
    int Fabricated,
    double Seconds,
    EvalTokens Tokens,
    string? Error)
{
    internal static CaseScore Of(CaseResult result) => new(
        result.Case.Id,
        result.Case.Source,
        result.Case.Repository,
        result.Case.Title,
        result.Case.Url,
        new CaseMatches(result).Score,
        result.Candidates.Count(c => c.Origin == CandidateOrigin.Finding),
        result.Candidates.Count(c => c.Origin == CandidateOrigin.Summary),
        result.Fabricated,
        result.Elapsed.TotalSeconds,
        result.Tokens,
        result.Error);
}

/// <summary>The pooled (micro) score of one repository's scored PRs.</summary>
public sealed record RepositoryScore(string Repository, int Cases, Score Score)
{
    internal static IReadOnlyList<RepositoryScore> Of(IReadOnlyList<ScoredCase> scored) => scored
        .GroupBy(s => s.Result.Case.Repository, StringComparer.OrdinalIgnoreCase)
        .Select(g => new RepositoryScore(g.First().Result.Case.Repository, g.Count(), Score.Sum(g.Select(s => s.Matches.Score))))
        .OrderBy(r => r.Repository, StringComparer.OrdinalIgnoreCase)
        .ToList();
}

/// <summary>
/// Findings on pull requests the user says are sound: every one is noise. Kept out of precision and recall, which a
/// case without golden comments would only drag to zero without saying why.
/// </summary>
/// <param name="MaxCase">The clean case with the most findings; null when none has any.</param>
public sealed record CleanScore(int Cases, int Findings, int SummaryIssues, int MaxFindings, string? MaxCase)
{
    public double FindingsPerCase => Cases == 0 ? 0 : (double)Findings / Cases;

    internal static CleanScore Of(IReadOnlyList<CaseResult> clean)
    {
        var findings = clean.Select(c => (c.Case.Id, Count: c.Candidates.Count(x => x.Origin == CandidateOrigin.Finding))).ToList();
        var most = findings.Where(f => f.Count > 0).OrderByDescending(f => f.Count).FirstOrDefault();
        return new(
            clean.Count,
            findings.Sum(f => f.Count),
            clean.Sum(c => c.Candidates.Count(x => x.Origin == CandidateOrigin.Summary)),
            most.Count,
            most.Id);
    }
}

/// <summary>
/// Findings the engine's verifier dropped for quoting code that is not there (or lines not in the change), against the
/// findings it kept: Fabricated / (Fabricated + Findings), over every case that ran, clean ones included.
/// </summary>
public sealed record FabricatedScore(int Fabricated, int Findings)
{
    public double Rate => Fabricated + Findings == 0 ? 0 : (double)Fabricated / (Fabricated + Findings);

    internal static FabricatedScore Of(IEnumerable<CaseResult> ran)
    {
        var list = ran.ToList();
        return new(list.Sum(c => c.Fabricated), list.Sum(c => c.Candidates.Count(x => x.Origin == CandidateOrigin.Finding)));
    }
}
