using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ReviewBot.Context.Symbols;

namespace ReviewBot.Context;

/// <summary>How near a definition is to the file that uses a name, in the order a reader resolves it.</summary>
public enum ScopeTier
{
    SameFile = 0,
    Imported = 1,
    SamePackage = 2,
    Source = 3,
    Test = 4,
}

/// <summary>
/// Ranks a definition by how likely it is what a line of another file means: the same file, then what that file's
/// imports, usings or package bring into scope, then the same package or namespace, then other non-test source, tests
/// last. Read from the two files' texts alone (import lines, <c>package</c> and <c>namespace</c> clauses), no build.
/// </summary>
public static partial class DefinitionScope
{
    /// <summary>The tier of <paramref name="definitionPath"/> as seen from <paramref name="usePath"/>; texts may be null when unread.</summary>
    public static ScopeTier Tier(string usePath, string? useText, string definitionPath, string? definitionText)
    {
        ArgumentNullException.ThrowIfNull(usePath);
        ArgumentNullException.ThrowIfNull(definitionPath);
        if (usePath == definitionPath)
        {
            return ScopeTier.SameFile;
        }
        useText = Head(useText);
        definitionText = Head(definitionText);
        if (useText is not null && Imports(usePath, useText, definitionPath, definitionText))
        {
            return ScopeTier.Imported;
        }
        if (SamePackage(usePath, useText, definitionPath, definitionText))
        {
            return ScopeTier.SamePackage;
        }
        // Test code is last for source that uses a name; a test may use its own helpers, which its folder already ranked.
        return TestFiles.IsTestPath(definitionPath) ? ScopeTier.Test : ScopeTier.Source;
    }

    /// <summary>
    /// The one line of <paramref name="text"/> that <see cref="Tier"/> reads from a definition's file (its C# namespace,
    /// Go or Java package clause), or null. Given as the definition text, it ranks exactly as the whole file does, so an
    /// index can keep it instead of the file.
    /// </summary>
    public static string? Clause(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        var match = SourceLanguages.FromPath(path) switch
        {
            SourceLanguage.CSharp => CSharpNamespace().Match(Head(text)!),
            SourceLanguage.Go => GoPackageClause().Match(Head(text)!),
            SourceLanguage.Java => JavaPackageClause().Match(Head(text)!),
            _ => null,
        };
        return match is { Success: true } ? match.Value.Trim() : null;
    }

    /// <summary>How much a tier keeps of an item's rank: each step down counts for clearly less, tests for little.</summary>
    public static double Factor(ScopeTier tier) => tier switch
    {
        ScopeTier.SameFile => 1.0,
        ScopeTier.Imported => 0.8,
        ScopeTier.SamePackage => 0.6,
        ScopeTier.Source => 0.35,
        _ => 0.1,
    };

    // Imports, usings, package and namespace clauses are at the top: a generated file of a megabyte is not read whole.
    private const int HeadChars = 64 * 1024;

    private static string? Head(string? text) => text is { Length: > HeadChars } ? Heads.GetValue(text, t => t[..HeadChars]) : text;

    // A review asks the tier of one changed file against thousands of definitions: each file's imports, usings and
    // clauses are read once, kept while its text lives.
    private static readonly ConditionalWeakTable<string, string> Heads = new();
    private static readonly ConditionalWeakTable<string, ConcurrentDictionary<Regex, string[]>> Found = new();

    /// <summary>The values of <paramref name="group"/> in every match of <paramref name="regex"/> in <paramref name="text"/>, cached per text.</summary>
    private static string[] Values(Regex regex, string text, string group) =>
        Found.GetValue(text, _ => new()).GetOrAdd(regex, r => [.. r.Matches(text).Select(m => m.Groups[group].Value)]);

    private static bool Imports(string usePath, string useText, string definitionPath, string? definitionText)
    {
        var language = SourceLanguages.FromPath(usePath);
        var module = WithoutExtension(definitionPath);
        var folder = Folder(definitionPath);
        switch (language)
        {
            case SourceLanguage.Python:
                return Values(PythonImport(), useText, "module").Any(v => PythonModuleMatches(usePath, v, module, folder));
            case SourceLanguage.TypeScript or SourceLanguage.JavaScript:
                return Values(ScriptImport(), useText, "module").Any(v => ScriptModuleMatches(usePath, v, module));
            case SourceLanguage.Go:
                return Values(GoImport(), useText, "path").Any(v => folder.Length > 0 && (v == folder || v.EndsWith("/" + folder, StringComparison.Ordinal)));
            case SourceLanguage.CSharp:
                return definitionText is not null && Namespace(definitionText) is { } ns
                    && Values(CSharpUsing(), useText, "name").Contains(ns);
            case SourceLanguage.Rust:
                return RustImports(usePath, useText, definitionPath);
            case SourceLanguage.Java:
                return definitionText is not null && JavaPackage(definitionText) is { } package
                    && Values(JavaImport(), useText, "name").Any(v => v == package + ".*"
                        || v == package + "." + Path.GetFileNameWithoutExtension(definitionPath));
            default:
                return false;
        }
    }

    private static bool SamePackage(string usePath, string? useText, string definitionPath, string? definitionText)
    {
        var language = SourceLanguages.FromPath(usePath);
        if (language != SourceLanguages.FromPath(definitionPath))
        {
            return false;
        }
        switch (language)
        {
            case SourceLanguage.CSharp:
                return useText is not null && definitionText is not null && Namespace(useText) is { } ns && ns == Namespace(definitionText);
            case SourceLanguage.Go:
                // `package store` and `package store_test` in one folder are two packages: the test one sees only exports.
                return Folder(usePath) == Folder(definitionPath)
                    && (useText is null || definitionText is null || GoPackage(useText) == GoPackage(definitionText));
            case SourceLanguage.Java:
                return useText is not null && definitionText is not null && JavaPackage(useText) is { } package && package == JavaPackage(definitionText);
            default:
                return Folder(usePath) == Folder(definitionPath);
        }
    }

    private static bool PythonModuleMatches(string usePath, string imported, string module, string folder)
    {
        var dots = imported.TakeWhile(c => c == '.').Count();
        var name = imported[dots..].Replace('.', '/');
        if (dots > 0)
        {
            var baseFolder = Folder(usePath);
            for (var i = 1; i < dots; i++)
            {
                baseFolder = Folder(baseFolder);
            }
            name = baseFolder.Length == 0 ? name : name.Length == 0 ? baseFolder : baseFolder + "/" + name;
        }
        // `from pkg import mod` names the folder; `from pkg.mod import f` the module; a src/ layout adds a prefix.
        return name.Length > 0 && (EndsWithPath(module, name) || EndsWithPath(module, name + "/__init__") || EndsWithPath(folder, name));
    }

    private static bool ScriptModuleMatches(string usePath, string imported, string module)
    {
        if (!imported.StartsWith('.'))
        {
            return EndsWithPath(module, imported) || EndsWithPath(module, imported + "/index");
        }
        var resolved = Normalize(Folder(usePath) is { Length: > 0 } f ? f + "/" + imported : imported);
        return resolved == module || resolved + "/index" == module || WithoutExtension(resolved) == module;
    }

    private static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part is not ("." or ""))
            {
                parts.Add(part);
            }
        }
        return string.Join('/', parts);
    }

    private static bool EndsWithPath(string path, string suffix) =>
        path == suffix || path.EndsWith("/" + suffix, StringComparison.Ordinal);

    private static string Folder(string path) => path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : "";

    private static string WithoutExtension(string path)
    {
        var slash = path.LastIndexOf('/');
        var dot = path.LastIndexOf('.');
        return dot > slash + 1 ? path[..dot] : path;
    }

    private static string? Namespace(string text) => Values(CSharpNamespace(), text, "name").FirstOrDefault();

    private static string? GoPackage(string text) => Values(GoPackageClause(), text, "name").FirstOrDefault();

    private static string? JavaPackage(string text) => Values(JavaPackageClause(), text, "name").FirstOrDefault();

    [GeneratedRegex(@"^\s*(?:from\s+(?<module>\.*[\w.]*)\s+import|import\s+(?<module>[\w.]+))", RegexOptions.Multiline, 100)]
    private static partial Regex PythonImport();

    [GeneratedRegex(@"(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|^\s*import\s+)[""'](?<module>[^""']+)[""']", RegexOptions.Multiline, 100)]
    private static partial Regex ScriptImport();

    [GeneratedRegex(@"^\s*(?:import\s+)?(?:[\w.]+\s+)?""(?<path>[^""]+)""", RegexOptions.Multiline, 100)]
    private static partial Regex GoImport();

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?<name>[\w.]+)\s*;", RegexOptions.Multiline, 100)]
    private static partial Regex CSharpUsing();

    [GeneratedRegex(@"^\s*namespace\s+(?<name>[\w.]+)", RegexOptions.Multiline, 100)]
    private static partial Regex CSharpNamespace();

    [GeneratedRegex(@"^\s*package\s+(?<name>\w+)", RegexOptions.Multiline, 100)]
    private static partial Regex GoPackageClause();

    [GeneratedRegex(@"^\s*package\s+(?<name>[\w.]+)\s*;", RegexOptions.Multiline, 100)]
    private static partial Regex JavaPackageClause();

    [GeneratedRegex(@"^\s*import\s+(?:static\s+)?(?<name>[\w.]+(?:\.\*)?)\s*;", RegexOptions.Multiline, 100)]
    private static partial Regex JavaImport();
}
