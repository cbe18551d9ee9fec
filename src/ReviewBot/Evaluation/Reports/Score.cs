namespace ReviewBot.Evaluation.Reports;

/// <summary>
/// The counts precision, recall and F1 are made of. <paramref name="Found"/> is the golden comments at least one candidate
/// matched (the benchmark's true positives); <paramref name="Unmatched"/> the candidates that matched no golden comment
/// (its false positives).
/// </summary>
public sealed record Score(int Golden, int Found, int Candidates, int Unmatched)
{
    public static Score None { get; } = new(0, 0, 0, 0);

    /// <summary>
    /// Found / (Found + Unmatched), the Martian leaderboard's formula (benchmark_dashboard.py). It is Found / Candidates
    /// whenever each matching candidate matches one golden comment, and unlike that it cannot pass 1 when one candidate
    /// covers two golden comments or two duplicates cover one. 0 with no candidates.
    /// </summary>
    public double Precision => Found + Unmatched == 0 ? 0 : (double)Found / (Found + Unmatched);

    /// <summary>Found / Golden; 0 with no golden comments.</summary>
    public double Recall => Golden == 0 ? 0 : (double)Found / Golden;

    public double F1 => Harmonic(Precision, Recall);

    public Score Add(Score other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Golden + other.Golden, Found + other.Found, Candidates + other.Candidates, Unmatched + other.Unmatched);
    }

    public static Score Sum(IEnumerable<Score> scores) => scores.Aggregate(None, (sum, s) => sum.Add(s));

    internal static double Harmonic(double precision, double recall) =>
        precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
}

/// <summary>
/// The mean of the per-PR values. Precision is averaged over every scored PR (0 for one that raised nothing), recall and
/// F1 over the PRs that have golden comments, since recall means nothing without them.
/// </summary>
public sealed record MacroScore(double Precision, double Recall, double F1, int PrecisionCases, int RecallCases)
{
    public static MacroScore Of(IReadOnlyList<Score> perCase)
    {
        ArgumentNullException.ThrowIfNull(perCase);
        var withGolden = perCase.Where(s => s.Golden > 0).ToList();
        return new(
            Mean(perCase.Select(s => s.Precision)),
            Mean(withGolden.Select(s => s.Recall)),
            Mean(withGolden.Select(s => s.F1)),
            perCase.Count,
            withGolden.Count);
    }

    private static double Mean(IEnumerable<double> values) => values.DefaultIfEmpty(0).Average();
}
