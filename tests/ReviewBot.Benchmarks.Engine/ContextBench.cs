using System.Diagnostics;
using System.Globalization;
using ReviewBot.Context;
using ReviewBot.Diff;
using ReviewBot.Reviews;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;

namespace ReviewBot.Benchmarks.Engine;

/// <summary>
/// The context benchmark: for the commits <see cref="CommitRule"/> picks in each repository of the list, the pack the
/// <c>context</c> verb builds (<see cref="PullRequestSnapshots.LoadChangeAsync"/>, <see cref="ContextBuilder.CollectAsync"/>,
/// <see cref="ContextPacker.Pack"/>) at 4k, 16k and 64k tokens, scored against <see cref="GroundTruth"/>, next to the pack of
/// the diff alone and to sending the whole changed files.
/// </summary>
internal static class ContextBench
{
    private static readonly int[] Budgets = [4_000, 16_000, 64_000];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--smoke"))
        {
            return await BenchSmoke.RunAsync();
        }
        var list = Options.Value(args, "--repos") ?? throw new ArgumentException("--repos FILE is required");
        var perRepo = Options.Int(args, "--per-repo", 8);
        var mirror = Options.Value(args, "--mirror") ?? "/work/.mirror";
        var only = Options.Value(args, "--only"); // OWNER/NAME@COMMIT: one commit, for a cold measurement in a fresh process
        using var host = EngineHost.Create();
        var git = host.Services.GetRequiredService<GitRunner>();
        var builder = host.Services.GetRequiredService<ContextBuilder>();
        var tokens = host.Services.GetRequiredService<TokenCounter>();
        var tallies = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
        var libraryTallies = new SortedDictionary<string, Tally>(StringComparer.Ordinal);
        var runs = new List<(string Name, int Lines, double Ms, long Allocated)>();
        var kinds = new SortedDictionary<string, (int Relevant, int All)>(StringComparer.Ordinal);

        foreach (var entry in File.ReadAllLines(list).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var parts = entry.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
            var (name, snapshot, language) = (parts[0], parts[1], BenchLanguage.Named(parts[2]));
            var gitDir = Path.Combine(mirror, name.Replace('/', '+'), "repo");
            if (!Directory.Exists(gitDir))
            {
                Console.WriteLine($"{name}: not fetched ({gitDir}); skipped");
                continue;
            }
            var commits = only is null ? await CommitRule.PickAsync(gitDir, snapshot, language, perRepo)
                : only.StartsWith(name + "@", StringComparison.Ordinal) ? [only[(name.Length + 1)..]] : [];
            using var repository = await GitRepository.OpenLocalAsync(git, gitDir, CancellationToken.None)
                ?? throw new ArgumentException($"{gitDir} is not a git repository");
            foreach (var commit in commits)
            {
                var parent = (await repository.ResolveCommitAsync(commit + "^", CancellationToken.None))!;
                var allocated = GC.GetTotalAllocatedBytes(precise: false);
                var watch = Stopwatch.StartNew();
                var change = await PullRequestSnapshots.LoadChangeAsync(repository, parent, commit, CancellationToken.None);
                var candidates = await builder.CollectAsync(repository, change, null, CancellationToken.None);
                var packs = Budgets.Select(b => ContextPacker.Pack(candidates, parent, commit, b, includeDiff: true)).ToArray();
                watch.Stop();
                allocated = GC.GetTotalAllocatedBytes(precise: false) - allocated;
                var diffOnly = Budgets.Select(b => ContextPacker.Pack(candidates with { Guidance = [], Related = [] }, parent, commit, b, includeDiff: true)).ToArray();
                var truth = await GroundTruth.BuildAsync(gitDir, change);
                var wholeTokens = await WholeFilesTokensAsync(repository, change, tokens);

                CommitResult Result(Score s, GroundTruth t) => new(
                    t.Definitions.Count, t.Callers.Count, t.AmbiguousNames + t.LibraryNames,
                    [.. packs.Select(s.Definitions)], [.. packs.Select(s.Callers)], [.. packs.Select(s.Relevant)],
                    [.. packs.Select(p => p.Items.Count(Score.IsContext))], [.. packs.Select(p => p.UsedTokens)],
                    [.. diffOnly.Select(s.Definitions)], [.. diffOnly.Select(p => p.UsedTokens)],
                    s.WholeFileDefinitions(), s.WholeFileCallers(), wholeTokens, watch.Elapsed.TotalMilliseconds);
                var score = new Score(change, truth);
                var line = Result(score, truth);
                var libraryTruth = truth.WithoutLibraryNames(DotNetLibraryNames.All);
                var libraryScore = new Score(change, libraryTruth);
                var libraryLine = Result(libraryScore, libraryTruth);
                foreach (var key in new[] { language.Name, "all" })
                {
                    (tallies.TryGetValue(key, out var t) ? t : tallies[key] = new Tally()).Add(line);
                    (libraryTallies.TryGetValue(key, out var lt) ? lt : libraryTallies[key] = new Tally()).Add(libraryLine);
                }
                var changedLines = change.Files.Sum(f => f.AddedCount + f.RemovedCount);
                runs.Add(($"{name}@{commit[..10]}", changedLines, line.Ms, allocated));
                foreach (var item in packs[1].Items.Where(Score.IsContext))
                {
                    var kind = $"{language.Name} {KindOf(item)}";
                    var (relevant, all) = kinds.GetValueOrDefault(kind);
                    kinds[kind] = (relevant + (score.IsRelevant(item) ? 1 : 0), all + 1);
                    if (Environment.GetEnvironmentVariable("BENCH_IRRELEVANT") == "1" && !score.IsRelevant(item))
                    {
                        Console.WriteLine($"  irrelevant {item.Kind} {item.Path}:{item.StartLine}-{item.EndLine} {item.Symbol}: {item.Reason}");
                    }
                }
                var missed = truth.Definitions.Where(d => !d.Value.Any(s => score.Shows(packs[1], s))).Select(d => d.Key).ToList();
                if (CSharpMisses.Enabled && language.Name == "C#")
                {
                    foreach (var (missedName, cause) in await CSharpMisses.ExplainAsync(repository, change, missed, truth.Definitions, candidates))
                    {
                        Console.WriteLine($"  why {name}@{commit[..10]} {missedName}: {cause}");
                    }
                    foreach (var note in candidates.Notes)
                    {
                        Console.WriteLine($"  note {name}@{commit[..10]}: {note}");
                    }
                }
                missed = [.. missed.Take(5)];
                var missing = missed.Count > 0 ? "; missed at 16k: " + string.Join(", ", missed) : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name} {commit[..10]} {language.Name}: {change.Files.Count} files, ±{changedLines}; defs {line.Defs} (ambiguous {line.Ambiguous}), changed functions {truth.ChangedFunctions}, callers {line.Callers}, tests {truth.Tests.Count}; " +
                    $"16k: defs {line.DefFound[1]}, callers {line.CallerFound[1]}, relevant {line.Relevant[1]}/{line.Items[1]}, {line.Tokens[1]} tok; " +
                    $"whole files {wholeTokens} tok; {line.Ms:0} ms, {allocated / 1_048_576} MB allocated{missing}"));
            }
        }
        Print(tallies, runs);
        Console.WriteLine();
        Console.WriteLine("Under the library rule (a C# name the .NET reference assemblies declare as a public or protected member or type is ambiguous too):");
        Print(libraryTallies, []);
        Console.WriteLine("precision by kind at 16k: " + string.Join("; ", kinds.Select(k => $"{k.Key} {k.Value.Relevant}/{k.Value.All}")));
        return 0;
    }

    private static readonly HashSet<string> TypeKinds = new(StringComparer.OrdinalIgnoreCase)
    {
        "namedtype", "class", "struct", "interface", "enum", "record", "type", "delegate", "typealias", "trait", "module",
    };

    /// <summary>
    /// A context item's kind for precision: callers and tests as they are; a definition split by what the truth can count
    /// (a name called on a changed line) and what it cannot (a type used, a member mentioned but not called), told by
    /// the item's reason and the declaration kind in its heading ("### path:1-5 (method Name)").
    /// </summary>
    private static string KindOf(ContextItem item)
    {
        if (item.Kind != ContextKind.Definition)
        {
            return item.Kind.ToString();
        }
        if (item.Reason.Contains(", called on", StringComparison.Ordinal))
        {
            return "Definition (called)";
        }
        var firstLine = item.Text.Split('\n', 2)[0];
        var open = firstLine.IndexOf(" (", StringComparison.Ordinal);
        var declared = open < 0 ? "" : firstLine[(open + 2)..].Split(' ', 2)[0];
        return TypeKinds.Contains(declared) ? "Definition (type used)" : "Definition (member used)";
    }

    private static async Task<int> WholeFilesTokensAsync(GitRepository repository, ChangeSet change, TokenCounter tokens)
    {
        using var blobs = repository.OpenBlobReader();
        var total = 0;
        foreach (var file in change.Files.Where(f => !f.IsBinary && f.NewPath is not null))
        {
            total += tokens.Count(await blobs.ReadAsync(change.Head, file.NewPath!, CancellationToken.None) ?? "");
        }
        return total;
    }

    private static void Print(SortedDictionary<string, Tally> tallies, List<(string Name, int Lines, double Ms, long Allocated)> runs)
    {
        static string Ratio(long part, long whole) => whole == 0 ? "n/a" : (part / (double)whole).ToString("0.00", CultureInfo.InvariantCulture);
        Console.WriteLine();
        Console.WriteLine("| language | commits | defs (ambiguous left out) | callers | budget | def recall | caller recall | precision | pack tokens (mean) | diff-only: def recall, tokens | whole changed files: def recall, caller recall, tokens |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (language, t) in tallies.OrderBy(t => t.Key == "all").ThenBy(t => t.Key, StringComparer.Ordinal))
        {
            for (var b = 0; b < Budgets.Length; b++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {language} | {t.Commits} | {t.Defs} ({t.Ambiguous}) | {t.Callers} | {Budgets[b] / 1000}k | {Ratio(t.DefFound[b], t.Defs)} | {Ratio(t.CallerFound[b], t.Callers)} | " +
                    $"{Ratio(t.Relevant[b], t.Items[b])} ({t.Relevant[b]}/{t.Items[b]}) | {t.Tokens[b] / t.Commits} | {Ratio(t.DiffDefFound[b], t.Defs)}, {t.DiffTokens[b] / t.Commits} | " +
                    $"{Ratio(t.WholeDefFound, t.Defs)}, {Ratio(t.WholeCallerFound, t.Callers)}, {t.WholeTokens / t.Commits} |"));
            }
        }
        if (runs.Count == 0)
        {
            return;
        }
        var times = runs.Select(r => r.Ms).Order().ToList();
        var largest = runs.MaxBy(r => r.Lines);
        var slowest = runs.MaxBy(r => r.Ms);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"time per commit (diff + collect + 3 packs): median {times[times.Count / 2]:0} ms, max {slowest.Ms:0} ms ({slowest.Name}); " +
            $"largest commit {largest.Name} (±{largest.Lines}): {largest.Ms:0} ms, {largest.Allocated / 1_048_576} MB allocated; peak RSS of the run {ContextCost.PeakRssMb()} MB"));
    }

    private sealed record CommitResult(int Defs, int Callers, int Ambiguous, int[] DefFound, int[] CallerFound, int[] Relevant, int[] Items,
        int[] Tokens, int[] DiffDefFound, int[] DiffTokens, int WholeDefFound, int WholeCallerFound, int WholeTokens, double Ms);

    private sealed class Tally
    {
        public int Commits, Defs, Callers, Ambiguous, WholeDefFound, WholeCallerFound;
        public long WholeTokens;
        public readonly long[] DefFound = new long[3], CallerFound = new long[3], Relevant = new long[3], Items = new long[3], Tokens = new long[3],
            DiffDefFound = new long[3], DiffTokens = new long[3];

        public void Add(CommitResult r)
        {
            Commits++;
            Defs += r.Defs;
            Callers += r.Callers;
            Ambiguous += r.Ambiguous;
            WholeDefFound += r.WholeDefFound;
            WholeCallerFound += r.WholeCallerFound;
            WholeTokens += r.WholeTokens;
            for (var b = 0; b < 3; b++)
            {
                DefFound[b] += r.DefFound[b];
                CallerFound[b] += r.CallerFound[b];
                Relevant[b] += r.Relevant[b];
                Items[b] += r.Items[b];
                Tokens[b] += r.Tokens[b];
                DiffDefFound[b] += r.DiffDefFound[b];
                DiffTokens[b] += r.DiffTokens[b];
            }
        }
    }

    /// <summary>Scores a pack against the truth: a site is shown when an item of its file covers its line (a diff item: when the line is in a hunk).</summary>
    private sealed class Score(ChangeSet change, GroundTruth truth)
    {
        public static bool IsContext(ContextItem item) => item.Kind is ContextKind.Definition or ContextKind.Caller or ContextKind.Test;

        public bool Shows(ContextPack pack, TruthSite site) => pack.Items.Any(item => Covers(item, site.Path, site.Line));

        public int Definitions(ContextPack pack) => truth.Definitions.Count(d => d.Value.Any(s => Shows(pack, s)));

        public int Callers(ContextPack pack) => truth.Callers.Count(c => c.Value.Any(l => pack.Items.Any(i => Covers(i, c.Key.Path, l))));

        /// <summary>Context items (not the diff, not guidance) that hold a truth definition, a call of a changed function or a test of one.</summary>
        public int Relevant(ContextPack pack) => pack.Items.Where(IsContext).Count(IsRelevant);

        public bool IsRelevant(ContextItem item) =>
            truth.Tests.Contains(item.Path)
            || truth.Definitions.Values.Any(sites => sites.Any(s => Covers(item, s.Path, s.Line)))
            || truth.Callers.Any(c => c.Key.Path == item.Path && c.Value.Any(l => Covers(item, item.Path, l)));

        public int WholeFileDefinitions() => truth.Definitions.Count(d => d.Value.Any(s => change.Find(s.Path)?.NewPath == s.Path));

        public int WholeFileCallers() => truth.Callers.Keys.Count(c => change.Find(c.Path)?.NewPath == c.Path);

        private bool Covers(ContextItem item, string path, int line) =>
            item.Path == path && (item.Kind == ContextKind.Diff
                ? change.Find(path) is { NewPath: not null } file && file.NewPath == path && file.IsInHunk(line)
                : item.StartLine <= line && line <= item.EndLine);
    }
}
