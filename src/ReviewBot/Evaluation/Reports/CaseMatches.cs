namespace ReviewBot.Evaluation.Reports;

/// <summary>
/// What the judge matched in one case, by index: the golden comments found and the candidates that matched any. A match
/// whose index is outside the case's lists is ignored, so a runner's slip cannot count a golden comment that is not there.
/// </summary>
internal sealed class CaseMatches
{
    private readonly CaseResult _result;
    private readonly List<JudgedMatch> _matches;
    private readonly HashSet<int> _matchedCandidates;

    public CaseMatches(CaseResult result)
    {
        _result = result;
        _matches = result.Matches
            .Where(m => m.Golden >= 0 && m.Golden < result.Case.Golden.Count && m.Candidate >= 0 && m.Candidate < result.Candidates.Count)
            .ToList();
        _matchedCandidates = _matches.Select(m => m.Candidate).ToHashSet();
        FoundGolden = _matches.Select(m => m.Golden).ToHashSet();
    }

    public IReadOnlySet<int> FoundGolden { get; }

    public bool IsMatched(int candidate) => _matchedCandidates.Contains(candidate);

    public Score Score => ScoreOf(_ => true);

    /// <summary>The case's score had only the candidates <paramref name="keep"/> says survived: the "what if the threshold were" rows.</summary>
    public Score ScoreOf(Func<EvalCandidate, bool> keep)
    {
        var kept = Enumerable.Range(0, _result.Candidates.Count).Where(i => keep(_result.Candidates[i])).ToHashSet();
        var found = _matches.Where(m => kept.Contains(m.Candidate)).Select(m => m.Golden).Distinct().Count();
        return new(_result.Case.Golden.Count, found, kept.Count, kept.Count(i => !IsMatched(i)));
    }
}
