namespace ReviewBot.Evaluation.Reports;

/// <summary>
/// How many golden comments of one severity were found. Severities are the benchmark's (Martian: Critical, High, Medium,
/// Low, read case-insensitively); a golden comment without one is "unrated", and any other word keeps its own row.
/// </summary>
/// <param name="Recall">Found / Golden; null when no golden comment has this severity.</param>
public sealed record SeverityRecall(string Severity, int Golden, int Found)
{
    public const string Unrated = "unrated";

    private static readonly string[] Known = ["Critical", "High", "Medium", "Low"];

    public double? Recall => Golden == 0 ? null : (double)Found / Golden;

    /// <summary>The four known severities always (a stable shape), then other words as written, then unrated.</summary>
    internal static IReadOnlyList<SeverityRecall> Of(IReadOnlyList<ScoredCase> scored)
    {
        var golden = scored
            .SelectMany(s => s.Result.Case.Golden.Select((g, i) => (Severity: Label(g.Severity), Found: s.Matches.FoundGolden.Contains(i))))
            .ToList();
        var others = golden.Select(g => g.Severity).Where(s => !Known.Contains(s) && s != Unrated).Distinct().Order(StringComparer.Ordinal);
        var unrated = golden.Any(g => g.Severity == Unrated) ? [Unrated] : Array.Empty<string>();
        return Known.Concat(others).Concat(unrated)
            .Select(label => new SeverityRecall(label, golden.Count(g => g.Severity == label), golden.Count(g => g.Severity == label && g.Found)))
            .ToList();
    }

    internal static string Label(string? severity)
    {
        var trimmed = severity?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return Unrated;
        }
        return Known.FirstOrDefault(k => string.Equals(k, trimmed, StringComparison.OrdinalIgnoreCase)) ?? trimmed;
    }
}
