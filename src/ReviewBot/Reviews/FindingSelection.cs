using System.Globalization;

namespace ReviewBot.Reviews;

/// <summary>
/// The last gate: duplicates go (same fingerprint, or the same lines of the same file with mostly the same words),
/// then everything under the threshold, then everything over the comment limit, most important first.
/// </summary>
public static class FindingSelection
{
    public static (IReadOnlyList<Finding> Kept, IReadOnlyList<DroppedFinding> Dropped) Select(IEnumerable<Finding> findings, RepositorySettings settings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(settings);
        var dropped = new List<DroppedFinding>();
        var unique = new List<Finding>();
        foreach (var finding in findings.OrderBy(f => f.Priority).ThenByDescending(f => f.Confidence))
        {
            var twin = unique.FirstOrDefault(u => SameThing(u, finding));
            if (twin is not null)
            {
                dropped.Add(new("deduplication", $"it repeats \"{twin.Title}\"", finding.Title, finding.Path, finding.StartLine));
                continue;
            }
            unique.Add(finding);
        }

        var kept = new List<Finding>();
        foreach (var finding in unique)
        {
            if (finding.Priority > settings.MaxPriority || finding.Confidence < settings.MinConfidence)
            {
                dropped.Add(new("threshold",
                    string.Create(CultureInfo.InvariantCulture,
                        $"{finding.Priority} with confidence {finding.Confidence:0.##} is under the threshold ({settings.MaxPriority} or higher, confidence {settings.MinConfidence:0.##} or more)"),
                    finding.Title, finding.Path, finding.StartLine));
            }
            else if (kept.Count >= settings.MaxComments)
            {
                dropped.Add(new("limit", $"the limit of {settings.MaxComments} comments was reached", finding.Title, finding.Path, finding.StartLine));
            }
            else
            {
                kept.Add(finding);
            }
        }
        return (kept, dropped);
    }

    private static bool SameThing(Finding a, Finding b)
    {
        if (a.Fingerprint == b.Fingerprint)
        {
            return true;
        }
        if (a.Path != b.Path || a.StartLine > b.EndLine || b.StartLine > a.EndLine)
        {
            return false;
        }
        var wordsA = Words.Of(a.Title + " " + a.Explanation);
        var wordsB = Words.Of(b.Title + " " + b.Explanation);
        var common = wordsA.Intersect(wordsB).Count();
        var union = wordsA.Union(wordsB).Count();
        return union > 0 && (double)common / union >= 0.5;
    }
}
