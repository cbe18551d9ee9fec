using System.Globalization;

namespace ReviewBot.Evaluation.Reports;

/// <summary>Of the candidates in one priority or confidence bucket, how many matched any golden comment.</summary>
/// <param name="Precision">Matched / Candidates; null for an empty bucket.</param>
public sealed record CalibrationRow(string Bucket, int Candidates, int Matched)
{
    public double? Precision => Candidates == 0 ? null : (double)Matched / Candidates;
}

/// <summary>The pooled score had only the findings <paramref name="Keep"/> describes been reported (issues from the summary are kept in every row).</summary>
public sealed record ThresholdRow(string Keep, Score Score);

/// <summary>
/// Severity calibration: precision per priority and per confidence bucket, and the precision and recall each threshold
/// would have given, so a team can pick its threshold from its own data. Issues split from the summary have neither a
/// priority nor a confidence: they have their own row, and no threshold removes them.
/// </summary>
public sealed record Calibration(
    IReadOnlyList<CalibrationRow> ByPriority,
    IReadOnlyList<CalibrationRow> ByConfidence,
    IReadOnlyList<ThresholdRow> IfConfidenceAtLeast,
    IReadOnlyList<ThresholdRow> IfPriorityAtMost)
{
    public const string Summary = "summary";
    public const string Unrated = "unrated";

    /// <summary>The bucket edges; the last bucket, [0.9, 1.0], is closed.</summary>
    public static IReadOnlyList<double> Edges { get; } = [0.5, 0.6, 0.7, 0.8, 0.9];

    private static readonly string[] Priorities = ["P0", "P1", "P2", "P3"];

    internal static Calibration Of(IReadOnlyList<ScoredCase> scored)
    {
        var candidates = scored
            .SelectMany(s => s.Result.Candidates.Select((c, i) => (Candidate: c, Matched: s.Matches.IsMatched(i))))
            .ToList();
        return new(
            Rows(candidates, c => c.Origin == CandidateOrigin.Summary ? Summary : PriorityLabel(c.Priority), [.. Priorities, Unrated, Summary]),
            Rows(candidates, c => c.Origin == CandidateOrigin.Summary ? Summary : ConfidenceLabel(c.Confidence), [.. Buckets(), Unrated, Summary]),
            Edges.Select(e => Threshold(scored, $"confidence >= {e.ToString("0.0", CultureInfo.InvariantCulture)}", c => c.Confidence >= e)).ToList(),
            Enumerable.Range(0, Priorities.Length).Select(p => Threshold(scored, p == 0 ? "P0" : $"P0-{Priorities[p]}", c => Rank(c.Priority) <= p)).ToList());
    }

    /// <summary>Rows in <paramref name="order"/>; unrated only when some finding is, and any other label a finding carries after the known ones.</summary>
    private static List<CalibrationRow> Rows(List<(EvalCandidate Candidate, bool Matched)> candidates, Func<EvalCandidate, string> bucket, string[] order)
    {
        var labelled = candidates.Select(c => (Bucket: bucket(c.Candidate), c.Matched)).ToList();
        var others = labelled.Select(l => l.Bucket).Where(b => !order.Contains(b)).Distinct().Order(StringComparer.Ordinal);
        var labels = order.Where(b => b != Unrated).Concat(others).Concat(labelled.Any(l => l.Bucket == Unrated) ? [Unrated] : []);
        var rows = labels.Select(b => new CalibrationRow(b, labelled.Count(l => l.Bucket == b), labelled.Count(l => l.Bucket == b && l.Matched)));
        return [.. rows.Where(r => r.Bucket != Summary), .. rows.Where(r => r.Bucket == Summary)];
    }

    private static ThresholdRow Threshold(IReadOnlyList<ScoredCase> scored, string keep, Func<EvalCandidate, bool> kept) =>
        new(keep, Score.Sum(scored.Select(s => s.Matches.ScoreOf(c => c.Origin == CandidateOrigin.Summary || kept(c)))));

    private static IEnumerable<string> Buckets()
    {
        yield return $"[0, {Edge(0)})";
        for (var i = 0; i < Edges.Count - 1; i++)
        {
            yield return $"[{Edge(i)}, {Edge(i + 1)})";
        }
        yield return $"[{Edge(Edges.Count - 1)}, 1.0]";
    }

    private static string ConfidenceLabel(double? confidence) =>
        confidence is { } c ? Buckets().ElementAt(Edges.Count(e => c >= e)) : Unrated;

    private static string PriorityLabel(string? priority) =>
        string.IsNullOrWhiteSpace(priority) ? Unrated : priority.Trim().ToUpperInvariant();

    /// <summary>P0 is 0 … P3 is 3; any other priority is under every threshold.</summary>
    private static int Rank(string? priority) => Array.IndexOf(Priorities, PriorityLabel(priority)) is >= 0 and var rank ? rank : int.MaxValue;

    private static string Edge(int i) => Edges[i].ToString("0.0", CultureInfo.InvariantCulture);
}
