using ReviewBot.Context.Symbols;
using ReviewBot.Workspace;

namespace ReviewBot.Context;

/// <summary>The word search: source before tests, and no name or folder using up the cap of all the others.</summary>
public sealed partial class ContextBuilder
{
    // The conventions of TestFiles.IsTestPath as git pathspecs, so that the source pass never spends its cap on tests.
    private static readonly string[] TestGlobs =
    [
        "**/test/**", "**/tests/**", "**/__tests__/**", "**/__test__/**", "**/spec/**", "**/specs/**",
        "**/*.Tests/**", "**/*.Test/**", "**/*UnitTests/**", "**/*IntegrationTests/**",
        "**/*_test.go", "**/test_*.py", "**/*_test.py", "**/conftest.py", "**/*.test.*", "**/*.spec.*",
        "**/*Tests.cs", "**/*Test.cs", "**/*Test.java", "**/*Tests.java", "**/*IT.java",
    ];

    private static readonly string[] SourcePathspecs = [.. TestGlobs.Select(g => $":(exclude,glob,icase){g}")];

    private static readonly string[] TestPathspecs = [.. TestGlobs.Select(g => $":(glob,icase){g}")];

    /// <summary>
    /// The lines that contain any of the words: first in non-test source, then in tests with what is left of the cap (at
    /// least a quarter of it). When one pass fills its cap in path order, the words it found nothing for are searched
    /// again on their own, so a folder of many hits for common names cannot hide the only definition of a rarer one.
    /// </summary>
    private static async Task<IReadOnlyList<GrepHit>> SearchAsync(GitRepository repository, string commit, IReadOnlyCollection<string> words,
        int maxHits, bool sourceToo, CancellationToken cancellationToken)
    {
        var hits = new List<GrepHit>();
        if (sourceToo)
        {
            hits.AddRange(await PassAsync(repository, commit, words, maxHits, SourcePathspecs, p => !TestFiles.IsTestPath(p), cancellationToken));
        }
        hits.AddRange(await PassAsync(repository, commit, words, Math.Max(maxHits - hits.Count, maxHits / 4), TestPathspecs,
            TestFiles.IsTestPath, cancellationToken));
        return hits;
    }

    private static async Task<List<GrepHit>> PassAsync(GitRepository repository, string commit, IReadOnlyCollection<string> words, int maxHits,
        string[] pathspecs, Func<string, bool> belongs, CancellationToken cancellationToken)
    {
        var hits = (await GrepAsync(repository, commit, words, maxHits, pathspecs, cancellationToken)).Where(h => belongs(h.Path)).ToList();
        if (hits.Count < maxHits / 2)
        {
            return hits;
        }
        var missing = words.Where(w => !hits.Any(h => ContainsWord(h.Text, w))).ToList();
        if (missing.Count > 0 && missing.Count < words.Count)
        {
            hits.AddRange((await GrepAsync(repository, commit, missing, maxHits / 2, pathspecs, cancellationToken)).Where(h => belongs(h.Path)));
        }
        return hits;
    }

    private static async Task<IReadOnlyList<GrepHit>> GrepAsync(GitRepository repository, string commit, IEnumerable<string> words,
        int maxHits, string[] pathspecs, CancellationToken cancellationToken)
    {
        var all = new List<GrepHit>();
        foreach (var batch in words.Chunk(40))
        {
            all.AddRange(await repository.GrepAsync(commit, batch, maxHits - all.Count, cancellationToken, pathspecs));
            if (all.Count >= maxHits)
            {
                break;
            }
        }
        return all;
    }

    /// <summary>The word occurs on the line as a whole word (what <c>git grep -w</c> matched).</summary>
    private static bool ContainsWord(string text, string word)
    {
        for (var i = text.IndexOf(word, StringComparison.Ordinal); i >= 0; i = text.IndexOf(word, i + 1, StringComparison.Ordinal))
        {
            var end = i + word.Length;
            if ((i == 0 || !IsWordChar(text[i - 1])) && (end == text.Length || !IsWordChar(text[end])))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
