using System.Text.RegularExpressions;
using ReviewBot.Diff;

namespace ReviewBot.Benchmarks.Engine;

/// <summary>A declaration found by the ground truth: where it starts.</summary>
internal sealed record TruthSite(string Path, int Line);

/// <summary>
/// What a pack should hold for one commit, built with plain <c>git grep -P</c> and the benchmark's own declaration
/// patterns (<see cref="BenchLanguage"/>), never with the context builder's search:
/// <list type="bullet">
/// <item>Definitions: every name called on an added line (<c>name(</c> or <c>.name(</c>, strings and line comments cut)
/// that the head tree declares in the caller's language, at most <see cref="MaxDefinitions"/> times (more is ambiguous and
/// counted apart; in C# and Java overloads in one file count once), leaving out declarations inside the change's own hunks.</item>
/// <item>Callers: for each function whose declaration line was added or removed (a changed signature), the non-test
/// files other than the one where it changed that call it; one entry per (name, file).</item>
/// <item>Tests: the test files that mention a changed function by name.</item>
/// </list>
/// </summary>
internal sealed partial class GroundTruth
{
    public const int MaxDefinitions = 3;

    public Dictionary<string, List<TruthSite>> Definitions { get; } = new(StringComparer.Ordinal);
    public Dictionary<(string Name, string Path), List<int>> Callers { get; } = [];
    public HashSet<string> Tests { get; } = new(StringComparer.Ordinal);
    public int AmbiguousNames { get; private set; }
    public int ChangedFunctions { get; private set; }

    /// <summary>How many names the library rule left out (<see cref="WithoutLibraryNames"/>); 0 under the name rule alone.</summary>
    public int LibraryNames { get; private set; }

    /// <summary>
    /// The same truth under the library rule: a name called in C# that the .NET reference assemblies also declare as a public
    /// or protected member or type (<see cref="DotNetLibraryNames"/>) is ambiguous too and left out of the definitions, and
    /// so are the callers by name of a changed function of such a name. Tests stay as they are.
    /// </summary>
    public GroundTruth WithoutLibraryNames(IReadOnlySet<string> library)
    {
        ArgumentNullException.ThrowIfNull(library);
        var truth = new GroundTruth { AmbiguousNames = AmbiguousNames, ChangedFunctions = ChangedFunctions };
        foreach (var (name, sites) in Definitions)
        {
            if (library.Contains(name) && sites.All(s => s.Path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)))
            {
                truth.LibraryNames++;
                continue;
            }
            truth.Definitions[name] = sites;
        }
        // A changed C# function named like a library member (a Stream subclass's Read) is told from the library's by type only:
        // its callers by name are ambiguous too.
        foreach (var (key, lines) in Callers.Where(c => !(library.Contains(c.Key.Name) && c.Key.Path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))))
        {
            truth.Callers[key] = lines;
        }
        truth.Tests.UnionWith(Tests);
        return truth;
    }

    public static async Task<GroundTruth> BuildAsync(string gitDir, ChangeSet change)
    {
        var truth = new GroundTruth();
        var byLanguage = change.Files
            .Where(f => !f.IsBinary && f.NewPath is not null && BenchLanguage.Of(f.Path) is not null)
            .GroupBy(f => BenchLanguage.Of(f.Path)!);
        foreach (var group in byLanguage)
        {
            await truth.AddAsync(gitDir, change, group.Key, [.. group]);
        }
        return truth;
    }

    private async Task AddAsync(string gitDir, ChangeSet change, BenchLanguage language, List<FileDiff> files)
    {
        var called = new HashSet<string>(StringComparer.Ordinal);
        var changedFunctions = new HashSet<string>(StringComparer.Ordinal);
        var home = new HashSet<(string Name, string Path)>();
        foreach (var file in files)
        {
            foreach (var line in file.Hunks.SelectMany(h => h.Lines))
            {
                if (line.Kind == DiffLineKind.Added)
                {
                    called.UnionWith(CalledNames(line.Text, language));
                }
                if (line.Kind is DiffLineKind.Added or DiffLineKind.Removed)
                {
                    foreach (var name in language.DeclaredNames(line.Text, functionsOnly: true).Where(n => n.Length >= 3 && !Keywords.Contains(n)))
                    {
                        changedFunctions.Add(name);
                        home.Add((name, file.Path));
                    }
                }
            }
        }

        var declared = await DeclarationsAsync(gitDir, change.Head, language, called.Union(changedFunctions), functionsOnly: false);
        foreach (var name in called)
        {
            if (!declared.TryGetValue(name, out var sites))
            {
                continue; // not the repository's own (a library, the language's runtime)
            }
            if (Count(sites, language) > MaxDefinitions)
            {
                AmbiguousNames++;
                continue;
            }
            var outside = sites.Where(s => !(change.Find(s.Path) is { NewPath: not null } f && f.NewPath == s.Path && f.IsInHunk(s.Line))).ToList();
            if (outside.Count > 0)
            {
                Definitions[name] = outside;
            }
        }

        var signatures = changedFunctions.Where(n => !declared.TryGetValue(n, out var sites) || Count(sites, language) <= MaxDefinitions).ToList();
        ChangedFunctions += signatures.Count;
        if (signatures.Count == 0)
        {
            return;
        }
        var alternation = "(?:" + string.Join('|', signatures.Select(Regex.Escape)) + ")";
        var callPattern = @"(?<![A-Za-z0-9_$])" + alternation + @"\s*(?:<[^<>()]*>)?\s*\(";
        foreach (var (path, line, text) in await GrepAsync(gitDir, change.Head, callPattern, language))
        {
            if (language.IsTest(path))
            {
                continue;
            }
            var declaredHere = language.DeclaredNames(text, functionsOnly: false).ToHashSet(StringComparer.Ordinal);
            foreach (var name in CalledNames(text, language).Where(n => signatures.Contains(n) && !declaredHere.Contains(n) && !home.Contains((n, path))))
            {
                (Callers.TryGetValue((name, path), out var lines) ? lines : Callers[(name, path)] = []).Add(line);
            }
        }
        var mention = @"(?<![A-Za-z0-9_$])" + alternation + @"(?![A-Za-z0-9_$])";
        foreach (var (path, _, _) in await GrepAsync(gitDir, change.Head, mention, language))
        {
            if (language.IsTest(path))
            {
                Tests.Add(path);
            }
        }
    }

    /// <summary>
    /// How many definitions a name has, for ambiguity. Where the language overloads (C#, Java) the declarations in one file
    /// are one: the file is what a pack has to show. Elsewhere each counts (a TypeScript test file's many object-literal
    /// <c>test()</c> methods are no overloads of one function).
    /// </summary>
    private static int Count(List<TruthSite> sites, BenchLanguage language) =>
        language.Overloads ? sites.Select(s => s.Path).Distinct(StringComparer.Ordinal).Count() : sites.Count;

    private static async Task<Dictionary<string, List<TruthSite>>> DeclarationsAsync(string gitDir, string head, BenchLanguage language,
        IEnumerable<string> names, bool functionsOnly)
    {
        var result = new Dictionary<string, List<TruthSite>>(StringComparer.Ordinal);
        var wanted = names.ToHashSet(StringComparer.Ordinal);
        foreach (var batch in wanted.Chunk(150))
        {
            foreach (var (path, line, text) in await GrepAsync(gitDir, head, language.Declarations(batch, functionsOnly), language))
            {
                foreach (var name in language.DeclaredNames(text, functionsOnly).Where(wanted.Contains).Distinct())
                {
                    (result.TryGetValue(name, out var list) ? list : result[name] = []).Add(new TruthSite(path, line));
                }
            }
        }
        return result;
    }

    private static async Task<List<(string Path, int Line, string Text)>> GrepAsync(string gitDir, string head, string pattern, BenchLanguage language)
    {
        var lines = await BenchGit.LinesAsync(gitDir, ["grep", "-n", "-I", "-P", "-e", pattern, head, "--", .. language.PathSpecs]);
        var hits = new List<(string, int, string)>();
        var prefix = head + ":";
        foreach (var raw in lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var rest = raw[prefix.Length..];
            var m = GrepLine().Match(rest);
            if (m.Success)
            {
                hits.Add((m.Groups[1].Value, int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[3].Value));
            }
        }
        return hits;
    }

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "if", "for", "while", "switch", "catch", "return", "function", "typeof", "sizeof", "nameof", "new", "await", "yield", "match",
        "using", "lock", "foreach", "fixed", "checked", "unchecked", "default", "elif", "and", "not", "lambda", "assert", "print",
        "super", "this", "self", "func", "defer", "go", "select", "case", "when", "where", "throw", "throws", "import", "require",
        "async", "def", "class", "struct", "impl", "Some", "Ok", "Err", "None", "in", "is", "as", "with", "except", "del", "delete",
    };

    /// <summary>Names called on a line: <c>name(</c>, <c>.name(</c>, <c>Name&lt;T&gt;(</c>; strings and line comments cut first.</summary>
    public static IEnumerable<string> CalledNames(string text, BenchLanguage language)
    {
        var code = Strings().Replace(text, "\"\"");
        var comment = code.IndexOf(language.Comment, StringComparison.Ordinal);
        if (comment >= 0)
        {
            code = code[..comment];
        }
        return Call().Matches(code).Select(m => m.Groups[1].Value).Where(n => n.Length >= 3 && !Keywords.Contains(n));
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9_$])([A-Za-z_$][A-Za-z0-9_$]*)\s*(?:<[^<>()]*>)?\s*\(")]
    private static partial Regex Call();

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`")]
    private static partial Regex Strings();

    [GeneratedRegex(@"^(.+?):(\d+):(.*)$")]
    private static partial Regex GrepLine();
}
