using System.Text.RegularExpressions;

namespace ReviewBot.Reviews;

/// <summary>
/// The words two findings are compared by (fingerprints, duplicates, the same problem posted before): lower case,
/// letters, digits and underscores, three characters or more, so that "a", "of" and punctuation do not count.
/// </summary>
public static partial class Words
{
    public static HashSet<string> Of(string text) =>
        Pattern().Matches((text ?? "").ToLowerInvariant()).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Whether <paramref name="title"/> claims what <paramref name="said"/> did: more than half of the title's words are
    /// in it. How a finding is told from one posted before, or from one a rule suppresses, after its code changed.
    /// </summary>
    public static bool SameClaim(string said, string title)
    {
        var words = Of(title);
        var common = words.Intersect(Of(said)).Count();
        return common * 2 > Math.Max(1, words.Count);
    }

    [GeneratedRegex("[a-z0-9_]{3,}")]
    private static partial Regex Pattern();
}
