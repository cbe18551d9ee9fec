using System.Text.RegularExpressions;

namespace ReviewBot.Context;

/// <summary>
/// Rust's scope rules: <c>use crate::a::b::{C, d}</c> brings in the module <c>a/b</c> (or <c>a/b/C</c> when C is a
/// module) under the crate's <c>src/</c>; <c>super::</c> and <c>self::</c> are relative to the using module;
/// <c>mod x;</c> brings in <c>x.rs</c> or <c>x/mod.rs</c> beside it; a path through another crate of the workspace
/// (<c>use grep_searcher::Searcher</c>) names the crate's folder (<c>searcher</c>, <c>grep-searcher</c>).
/// </summary>
public static partial class DefinitionScope
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, string[][]> RustUses = new();

    private static bool RustImports(string usePath, string useText, string definitionPath)
    {
        var definitionModule = RustModule(definitionPath);
        var useModule = RustModule(usePath);
        var children = IsRustModuleRoot(usePath) ? Folder(usePath) : WithoutExtension(usePath);
        if (Values(RustModDeclaration(), useText, "name").Any(v => definitionModule == Join(children, v)))
        {
            return true;
        }
        return RustUses.GetValue(useText, t => [.. RustUsePaths(t).SelectMany(ExpandUse)])
            .Any(path => RustPathMatches(usePath, useModule, path, definitionPath, definitionModule));
    }

    private static bool RustPathMatches(string usePath, string useModule, string[] path, string definitionPath, string definitionModule)
    {
        var (root, rest) = path[0] switch
        {
            "crate" => (RustCrateRoot(usePath), path[1..]),
            "self" => (useModule, path[1..]),
            "super" => (Folder(useModule), path[1..]),
            _ => ((string?)null, path),
        };
        while (rest.Length > 0 && rest[0] == "super" && root is not null)
        {
            (root, rest) = (Folder(root), rest[1..]);
        }
        if (root is null)
        {
            // Another crate: its name (`grep_searcher`), or its last word, is a folder of the definition's path; the rest
            // of the path is under that folder's src/.
            var crate = rest[0];
            var folders = definitionPath.Split('/')[..^1];
            var at = Array.FindLastIndex(folders, f => f == crate || f.Replace('-', '_') == crate || f == crate[(crate.LastIndexOf('_') + 1)..]);
            if (at < 0)
            {
                return false;
            }
            var crateFolder = string.Join('/', folders[..(at + 1)]);
            root = folders.Length > at + 1 && folders[at + 1] == "src" ? crateFolder + "/src" : crateFolder;
            rest = rest[1..];
        }
        // `a::b::C` is the item C of module a/b, or the module a/b/C itself; `a::b::*` is module a/b.
        return definitionModule == Join(root, string.Join('/', rest))
            || (rest.Length > 0 && definitionModule == Join(root, string.Join('/', rest[..^1])));
    }

    /// <summary>
    /// The paths of the file's <c>use</c> declarations, whitespace removed. Each is looked for within a bounded stretch
    /// after its <c>use</c>: a regex to the next semicolon would rescan the file from every line of prose starting with "use".
    /// </summary>
    private static IEnumerable<string> RustUsePaths(string text)
    {
        const int maxUseLength = 4_000;
        foreach (Match use in RustUse().Matches(text))
        {
            var start = use.Index + use.Length;
            var end = text.IndexOf(';', start, Math.Min(maxUseLength, text.Length - start));
            if (end > start && text.AsSpan(start, end - start).IndexOfAnyExcept(UsePathChars) < 0)
            {
                yield return string.Concat(text[start..end].Where(c => !char.IsWhiteSpace(c)));
            }
        }
    }

    private static readonly System.Buffers.SearchValues<char> UsePathChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:{},* \t\r\n");

    /// <summary><c>a::{b::C, d as e, f::*}</c> as the paths a::b::C, a::d, a::f (a glob or a rename keeps the path).</summary>
    private static IEnumerable<string[]> ExpandUse(string use)
    {
        var brace = use.IndexOf('{', StringComparison.Ordinal);
        if (brace < 0)
        {
            var plain = use.Split(" as ")[0];
            plain = plain.EndsWith("::*", StringComparison.Ordinal) ? plain[..^3] : plain;
            plain = plain.EndsWith("::self", StringComparison.Ordinal) ? plain[..^6] : plain;
            var parts = plain.TrimStart(':').Split("::", StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == 0 ? [] : [parts];
        }
        var prefix = use[..brace];
        var inner = use[(brace + 1)..(use.LastIndexOf('}') is var close and > 0 && close > brace ? close : use.Length)];
        return SplitTopLevel(inner).SelectMany(item => ExpandUse(prefix + item)).Append(prefix.TrimEnd(':').Split("::", StringSplitOptions.RemoveEmptyEntries)).Where(p => p.Length > 0);
    }

    private static IEnumerable<string> SplitTopLevel(string items)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < items.Length; i++)
        {
            depth += items[i] == '{' ? 1 : items[i] == '}' ? -1 : 0;
            if (items[i] == ',' && depth == 0)
            {
                yield return items[start..i];
                start = i + 1;
            }
        }
        if (start < items.Length)
        {
            yield return items[start..];
        }
    }

    /// <summary>A file's module path: <c>src/a/b.rs</c> and <c>src/a/b/mod.rs</c> are src/a/b; <c>src/lib.rs</c> is src.</summary>
    private static string RustModule(string path) =>
        IsRustModuleRoot(path) ? Folder(path) : WithoutExtension(path);

    private static bool IsRustModuleRoot(string path) => Path.GetFileName(path) is "mod.rs" or "lib.rs" or "main.rs";

    /// <summary>The crate's <c>src</c> folder (the last one on the path), or the file's folder when there is none.</summary>
    private static string RustCrateRoot(string usePath)
    {
        var segments = usePath.Split('/');
        var src = Array.LastIndexOf(segments[..^1], "src");
        return src < 0 ? Folder(usePath) : string.Join('/', segments[..(src + 1)]);
    }

    private static string Join(string folder, string name) => folder.Length == 0 ? name : name.Length == 0 ? folder : folder + "/" + name;

    [GeneratedRegex(@"^[ \t]*(?:pub(?:\([\w\s:]*\))?[ \t]+)?use[ \t]+", RegexOptions.Multiline, 100)]
    private static partial Regex RustUse();

    [GeneratedRegex(@"^[ \t]*(?:#\[[^\]\n]*\][ \t]*)*(?:pub(?:\([\w\s:]*\))?[ \t]+)?mod[ \t]+(?<name>[A-Za-z_]\w*)\s*;", RegexOptions.Multiline, 100)]
    private static partial Regex RustModDeclaration();
}
