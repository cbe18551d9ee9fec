using System.Globalization;
using System.Text.RegularExpressions;
using ReviewBot.Context;
using ReviewBot.Context.Symbols;
using ReviewBot.Diff;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;

namespace ReviewBot.Benchmarks.Engine;

/// <summary>
/// For real commits: which functions and types do the added lines call that the repository itself defines (found with
/// git grep and ctags at the commit, not with the context builder's own heuristics), and does the context pack (diff plus
/// context under the budget) show those definitions, compared with a pack of the diff alone?
/// </summary>
internal static partial class ContextRecall
{
    public static async Task<int> RunAsync(string[] args)
    {
        var list = Options.Value(args, "--list") ?? throw new ArgumentException("--list FILE is required");
        var budget = Options.Int(args, "--budget", 16_000);
        using var host = EngineHost.Create();
        var git = host.Services.GetRequiredService<GitRunner>();
        var builder = host.Services.GetRequiredService<ContextBuilder>();
        var extractor = await host.Services.GetRequiredService<SymbolSource>().GetAsync(CancellationToken.None);

        int totalCalled = 0, totalFull = 0, totalDiff = 0, commits = 0;
        long tokensFull = 0, tokensDiff = 0;
        foreach (var line in File.ReadAllLines(list).Where(l => l.Trim().Length > 0 && !l.StartsWith('#')))
        {
            var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            using var repository = await GitRepository.OpenLocalAsync(git, parts[0], CancellationToken.None)
                ?? throw new ArgumentException($"{parts[0]} is not a git repository");
            var commit = (await repository.ResolveCommitAsync(parts[1], CancellationToken.None))!;
            var parent = (await repository.ResolveCommitAsync(commit + "^", CancellationToken.None))!;
            var change = await ReviewBot.Reviews.PullRequestSnapshots.LoadChangeAsync(repository, parent, commit, CancellationToken.None);

            var truth = await DefinitionsCalledAsync(repository, change, extractor);
            var candidates = await builder.CollectAsync(repository, change, null, CancellationToken.None);
            var full = ContextPacker.Pack(candidates, parent, commit, budget, includeDiff: true);
            var diffOnly = ContextPacker.Pack(candidates with { Guidance = [], Related = [] }, parent, commit, budget, includeDiff: true);
            var inFull = truth.Count(t => t.Value.Any(d => Shows(full, change, d)));
            var inDiff = truth.Count(t => t.Value.Any(d => Shows(diffOnly, change, d)));
            var missed = truth.Where(t => !t.Value.Any(d => Shows(full, change, d))).Select(t => t.Key).Take(6);

            commits++;
            totalCalled += truth.Count;
            totalFull += inFull;
            totalDiff += inDiff;
            tokensFull += full.UsedTokens;
            tokensDiff += diffOnly.UsedTokens;
            var name = Path.GetFileName(Path.GetDirectoryName(parts[0].TrimEnd('/')));
            var language = SourceLanguages.FromPath(change.Files.FirstOrDefault(f => SourceLanguages.FromPath(f.Path) != SourceLanguage.Unknown)?.Path ?? "");
            var missing = missed.Any() ? $"; missed {string.Join(", ", missed)}" : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name} {commit[..9]} {language}: {change.Files.Count} file(s), called {truth.Count}, in pack {inFull}, in diff-only {inDiff}; tokens {full.UsedTokens} vs {diffOnly.UsedTokens}{missing}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"TOTAL {commits} commit(s): {totalCalled} called definition(s); context pack {totalFull} ({Percent(totalFull, totalCalled)}), " +
            $"diff-only {totalDiff} ({Percent(totalDiff, totalCalled)}); mean tokens {tokensFull / Math.Max(1, commits)} vs {tokensDiff / Math.Max(1, commits)} (budget {budget})"));
        return 0;
    }

    private static string Percent(int part, int whole) => whole == 0 ? "n/a" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static bool Shows(ContextPack pack, ChangeSet change, SymbolDefinition definition) =>
        pack.Items.Any(item => item.Path == definition.Path && (item.Kind == ContextKind.Diff
            ? change.Find(definition.Path) is { } file && file.NewPath == definition.Path && file.IsInHunk(definition.StartLine)
            : item.StartLine <= definition.StartLine && definition.StartLine <= item.EndLine));

    /// <summary>Name → the repository's definitions of each function or type the added lines call (not defined by the change itself).</summary>
    private static async Task<Dictionary<string, List<SymbolDefinition>>> DefinitionsCalledAsync(GitRepository repository, ChangeSet change,
        ISymbolExtractor extractor)
    {
        var called = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in change.Files.Where(f => !f.IsBinary && f.NewPath is not null))
        {
            var language = SourceLanguages.FromPath(file.Path);
            if (language == SourceLanguage.Unknown)
            {
                continue;
            }
            foreach (var line in file.Hunks.SelectMany(h => h.Lines).Where(l => l.Kind == DiffLineKind.Added))
            {
                var identifiers = IdentifierScanner.Identifiers(line.Text, language);
                var defined = IdentifierScanner.Defined(line.Text, language);
                foreach (Match call in Call().Matches(line.Text))
                {
                    var name = call.Groups[1].Value;
                    if (name.Length >= 3 && identifiers.Contains(name) && !defined.Contains(name))
                    {
                        called.Add(name);
                    }
                }
            }
        }
        var result = new Dictionary<string, List<SymbolDefinition>>(StringComparer.Ordinal);
        if (called.Count == 0)
        {
            return result;
        }
        var hits = new List<GrepHit>();
        foreach (var batch in called.Chunk(40))
        {
            hits.AddRange(await repository.GrepAsync(change.Head, batch, 20_000, CancellationToken.None));
        }
        using var blobs = repository.OpenBlobReader();
        var files = new List<SourceFile>();
        foreach (var path in hits.Select(h => h.Path).Distinct().Where(p => SourceLanguages.FromPath(p) != SourceLanguage.Unknown).Take(400))
        {
            if (await blobs.ReadAsync(change.Head, path, CancellationToken.None) is { } text)
            {
                files.Add(new SourceFile(path, text));
            }
        }
        foreach (var definition in await extractor.ExtractAsync(files, CancellationToken.None))
        {
            if (!called.Contains(definition.Name) || !(definition.IsCallable || definition.IsType))
            {
                continue;
            }
            if (change.Find(definition.Path) is { } changed && changed.NewPath == definition.Path && changed.IsAdded(definition.StartLine))
            {
                continue; // defined by the change itself: the diff shows it either way
            }
            (result.TryGetValue(definition.Name, out var list) ? list : result[definition.Name] = []).Add(definition);
        }
        return result;
    }

    [GeneratedRegex(@"\b([A-Za-z_][A-Za-z0-9_]*)\s*\(")]
    private static partial Regex Call();
}
