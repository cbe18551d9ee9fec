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

    [GeneratedRegex("[a-z0-9_]{3,}")]
    private static partial Regex Pattern();
}
