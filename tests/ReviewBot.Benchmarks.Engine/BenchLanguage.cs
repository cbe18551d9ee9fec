using System.Text.RegularExpressions;

namespace ReviewBot.Benchmarks.Engine;

/// <summary>
/// One language of the context benchmark: its file names, what counts as a test, and the declaration patterns the ground
/// truth uses (PCRE for <c>git grep -P</c> and .NET alike; <c>{N}</c> is where the name goes). These are written for the
/// benchmark and deliberately share nothing with the engine's symbol extraction.
/// </summary>
internal sealed record BenchLanguage(string Name, string[] Extensions, Regex TestPath, string[] Functions, string[] Types, string Comment,
    bool Overloads = false)
{
    private const string AnyName = "[A-Za-z_$][A-Za-z0-9_$]*";

    public static readonly BenchLanguage[] All =
    [
        new("Python", [".py"], new(@"(^|/)(tests?|testing)/|(^|/)test_[^/]*\.py$|_test\.py$|(^|/)conftest\.py$"),
            [@"^\s*(?:async\s+)?def\s+{N}\s*[\(\[]"],
            [@"^\s*class\s+{N}\b"], "#"),
        new("Go", [".go"], new(@"_test\.go$|(^|/)testdata/"),
            [@"^func\s+(?:\([^)]*\)\s*)?{N}\s*[\(\[]"],
            [@"^\s*type\s+{N}\b"], "//"),
        new("TypeScript", [".ts", ".tsx", ".mts", ".js", ".mjs", ".jsx"], new(@"(^|/)(tests?|__tests__|spec)/|\.(test|spec)\.[mc]?[jt]sx?$"),
            [@"^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:async\s+)?function\s*\*?\s*{N}\b",
             @"^(?:export\s+)?(?:const|let|var)\s+{N}\s*(?::[^=]+)?=\s*(?:async\s+)?(?:\(|function\b|[A-Za-z_$][\w$]*\s*=>|<)",
             @"^\s+(?:(?:public|private|protected|static|async|readonly|override|abstract|get|set)\s+)*{N}\s*(?:<[^>]*>)?\([^;]*\)\s*(?::\s*[^{;=]+)?\{\s*$"],
            [@"^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:class|interface|type|enum)\s+{N}\b"], "//"),
        new("Java", [".java"], new(@"(^|/)src/test/|(^|/)tests?/|Tests?\.java$"),
            [@"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|protected|static|final|abstract|synchronized|native|default|strictfp)\s+)*(?:<[^>]+>\s+)?(?!return\b|new\b|throw\b|else\b|yield\b)[\w$.<>\[\], ?]*[\w$>\]]\s+{N}\s*\([^;]*$",
             @"^\s*(?:(?:public|private|protected|abstract|default|static)\s+)*(?:<[^>]+>\s+)?(?!return\b|new\b|throw\b)[\w$.<>\[\], ?]*[\w$>\]]\s+{N}\s*\([^=]*\)\s*(?:throws [\w., ]+)?;\s*$"],
            [@"^\s*(?:(?:public|private|protected|static|final|abstract|sealed|non-sealed|strictfp)\s+)*(?:class|interface|enum|record|@interface)\s+{N}\b"], "//", Overloads: true),
        new("C#", [".cs"], new(@"(^|/)[^/]*[Tt]ests?(\.[A-Za-z]+)*/|(^|/)tests?/|Tests?\.cs$"),
            [@"^\s*(?:\[[^\]]*\]\s*)*(?:(?:public|private|protected|internal|static|virtual|override|abstract|sealed|async|extern|unsafe|new|partial|readonly)\s+)*(?!return\b|new\b|throw\b|else\b|await\b|yield\b|var\b|using\b|case\b|if\b|while\b|foreach\b|for\b|lock\b)[\w<>\[\],.? ]*[\w>\]?]\s+(?:[\w<>.]+\.)?{N}\s*(?:<[^<>()]*>)?\s*\((?=.*(?:=>|\{|where\b|\)\s*$|,\s*$|\(\s*$))",
             @"^\s*(?!return\b|await\b|yield\b|throw\b|var\b|new\b)[\w<>\[\],.?]+\s+{N}\s*(?:<[^<>()]*>)?\s*\([^=]*\)\s*;\s*$"],
            [@"^\s*(?:\[[^\]]*\]\s*)*(?:(?:public|private|protected|internal|static|abstract|sealed|partial|readonly|ref|unsafe|new|file)\s+)*(?:class|interface|struct|enum|record(?:\s+(?:class|struct))?)\s+{N}\b"], "//", Overloads: true),
        new("Rust", [".rs"], new(@"(^|/)tests/|(^|/)benches/|_tests?\.rs$"),
            [@"^\s*(?:pub(?:\([^)]*\))?\s+)?(?:default\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?(?:extern\s+""[^""]*""\s+)?fn\s+{N}\b"],
            [@"^\s*(?:pub(?:\([^)]*\))?\s+)?(?:struct|enum|trait|type|union)\s+{N}\b"], "//"),
        new("Ruby", [".rb"], new(@"(^|/)(spec|test)/|_(spec|test)\.rb$"),
            [@"^\s*def\s+(?:self\.)?{N}\b"],
            [@"^\s*(?:class|module)\s+{N}\b"], "#"),
    ];

    public static BenchLanguage? Of(string path) =>
        All.FirstOrDefault(l => l.Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)));

    public static BenchLanguage Named(string name) =>
        All.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase)) ?? throw new ArgumentException($"unknown language {name}");

    public bool IsTest(string path) => TestPath.IsMatch(path);

    public string[] PathSpecs => [.. Extensions.Select(e => "*" + e)];

    /// <summary>One PCRE that matches a declaration of any of the names.</summary>
    public string Declarations(IEnumerable<string> names, bool functionsOnly)
    {
        var alternation = "(?:" + string.Join('|', names.Select(Regex.Escape)) + ")";
        return string.Join('|', (functionsOnly ? Functions : [.. Functions, .. Types]).Select(p => "(?:" + p.Replace("{N}", alternation, StringComparison.Ordinal) + ")"));
    }

    private Regex? _functionNames, _allNames;

    /// <summary>The names a line declares (the pattern's name slot captured).</summary>
    public IEnumerable<string> DeclaredNames(string line, bool functionsOnly)
    {
        var regex = functionsOnly
            ? _functionNames ??= Build(Functions)
            : _allNames ??= Build([.. Functions, .. Types]);
        return regex.Matches(line).Select(m => m.Groups["n"].Value).Where(n => n.Length > 0);
    }

    private static Regex Build(IEnumerable<string> patterns) =>
        new(string.Join('|', patterns.Select(p => "(?:" + p.Replace("{N}", "(?<n>" + AnyName + ")", StringComparison.Ordinal) + ")")));
}
