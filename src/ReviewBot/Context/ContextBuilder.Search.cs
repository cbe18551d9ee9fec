using ReviewBot.Context.Index;
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

    /// <summary>Lines per word a scan of the index's files keeps: many more than the callers and tests taken per name.</summary>
    private const int MaxHitsPerWord = 60;

    private static readonly string[] SourcePathspecs = [.. TestGlobs.Select(g => $":(exclude,glob,icase){g}")];

    private static readonly string[] TestPathspecs = [.. TestGlobs.Select(g => $":(glob,icase){g}")];

    /// <summary>
    /// The lines that contain any of the words: first in non-test source, then in tests with what is left of the cap (at
    /// least a quarter of it). When one pass fills its cap in path order, the words it found nothing for are searched
    /// again on their own, so a folder of many hits for common names cannot hide the only definition of a rarer one.
    /// With an index, only the source files its word filters name are read; without one, <c>git grep</c> reads the tree.
    /// </summary>
    private static async Task<IReadOnlyList<GrepHit>> SearchAsync(GitRepository repository, SymbolIndex? index, FileTexts texts, string commit,
        IReadOnlyCollection<string> words, int maxHits, bool sourceToo, CancellationToken cancellationToken)
    {
        var search = new Search(repository, index, texts, commit);
        var hits = new List<GrepHit>();
        if (sourceToo)
        {
            hits.AddRange(await search.PassAsync(words, maxHits, SourcePathspecs, p => !TestFiles.IsTestPath(p), cancellationToken));
        }
        hits.AddRange(await search.PassAsync(words, Math.Max(maxHits - hits.Count, maxHits / 4), TestPathspecs,
            TestFiles.IsTestPath, cancellationToken));
        return hits;
    }

    private sealed class Search(GitRepository repository, SymbolIndex? index, FileTexts texts, string commit)
    {
        public async Task<List<GrepHit>> PassAsync(IReadOnlyCollection<string> words, int maxHits, string[] pathspecs, Func<string, bool> belongs,
            CancellationToken cancellationToken)
        {
            var hits = (await FindAsync(words, maxHits, pathspecs, belongs, cancellationToken)).Where(h => belongs(h.Path)).ToList();
            if (hits.Count < maxHits / 2)
            {
                return hits;
            }
            var missing = words.Where(w => !hits.Any(h => ContainsWord(h.Text, w))).ToList();
            if (missing.Count > 0 && missing.Count < words.Count)
            {
                hits.AddRange((await FindAsync(missing, maxHits / 2, pathspecs, belongs, cancellationToken)).Where(h => belongs(h.Path)));
            }
            return hits;
        }

        private Task<IReadOnlyList<GrepHit>> FindAsync(IReadOnlyCollection<string> words, int maxHits, string[] pathspecs, Func<string, bool> belongs,
            CancellationToken cancellationToken) =>
            index is null ? GrepAsync(repository, commit, words, maxHits, pathspecs, cancellationToken)
                : ScanAsync(index, words, maxHits, belongs, cancellationToken);

        /// <summary>The lines of the files the index says may use the words, in path order, up to the cap.</summary>
        private async Task<IReadOnlyList<GrepHit>> ScanAsync(SymbolIndex symbols, IReadOnlyCollection<string> words, int maxHits,
            Func<string, bool> belongs, CancellationToken cancellationToken)
        {
            var hits = new List<GrepHit>();
            // Past a few dozen lines a word has all the callers and tests it can use: its other files are not read.
            var perWord = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (path, candidates) in symbols.FilesUsing(words, cancellationToken).Where(f => belongs(f.Path)))
            {
                var may = candidates.Where(w => perWord.GetValueOrDefault(w) < MaxHitsPerWord).ToList();
                // Read, scanned and let go: a common word may name thousands of files, and only their hit lines are kept.
                if (may.Count == 0 || await texts.PeekAsync(path, cancellationToken) is not { } text)
                {
                    continue;
                }
                var number = 0;
                foreach (var line in text.AsSpan().EnumerateLines())
                {
                    number++;
                    if (line.Length <= MaxScannedLine && Matching(line, may) is { } word)
                    {
                        perWord[word] = perWord.GetValueOrDefault(word) + 1;
                        hits.Add(new GrepHit(path, number, line.ToString()));
                        if (hits.Count >= maxHits)
                        {
                            return hits;
                        }
                    }
                }
            }
            return hits;
        }

        private static string? Matching(ReadOnlySpan<char> line, List<string> words)
        {
            foreach (var word in words)
            {
                if (ContainsWord(line, word))
                {
                    return word;
                }
            }
            return null;
        }
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
    private static bool ContainsWord(ReadOnlySpan<char> text, string word)
    {
        var from = 0;
        while (from <= text.Length - word.Length)
        {
            var found = text[from..].IndexOf(word, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }
            var i = from + found;
            var end = i + word.Length;
            if ((i == 0 || !IsWordChar(text[i - 1])) && (end == text.Length || !IsWordChar(text[end])))
            {
                return true;
            }
            from = i + 1;
        }
        return false;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
