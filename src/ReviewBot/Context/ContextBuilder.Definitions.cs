using System.Text.RegularExpressions;
using ReviewBot.Context.Symbols;
using ReviewBot.Diff;
using ReviewBot.Workspace;

namespace ReviewBot.Context;

/// <summary>The definitions of what the added lines use, ranked by scope, a few per name at most.</summary>
public sealed partial class ContextBuilder
{
    /// <summary>More definitions than this and a name is common: only in-scope or qualifier-narrowed ones are taken.</summary>
    private const int FewDefinitions = 3;

    /// <summary>Items per name: a common name never floods the pack.</summary>
    private const int MaxItemsPerName = 3;

    /// <summary>Longer lines are minified or generated: no call or qualifier is read from them (the regexes would be slow).</summary>
    private const int MaxScannedLine = 2_000;

    private async Task<IEnumerable<ContextItem>> DefinitionsAsync(GitRepository repository, FileTexts texts, ChangeSet change,
        ISymbolExtractor extractor, Dictionary<string, Usage> wanted, Limits limits, CancellationToken cancellationToken)
    {
        var hits = await SearchAsync(repository, change.Head, wanted.Keys, limits.GrepHits, sourceToo: true, cancellationToken);
        // A definition site is a line that defines the word (per the language's declaration forms). Files with source
        // definitions are read before test files, so tests cannot use up the files read.
        var sites = hits
            .SelectMany(hit => IdentifierScanner.Defined(hit.Text, SourceLanguages.FromPath(hit.Path))
                .Where(wanted.ContainsKey)
                .Select(word => (Hit: hit, Word: word)))
            .GroupBy(s => s.Hit.Path, StringComparer.Ordinal)
            .OrderBy(g => TestFiles.IsTestPath(g.Key))
            .ThenByDescending(g => g.Sum(s => wanted[s.Word].Lines))
            .Take(limits.DefinitionFiles)
            .ToList();
        var sources = await texts.ReadAsync(sites.Select(g => g.Key), cancellationToken);
        var defined = await extractor.ExtractAsync(sources, cancellationToken);
        var tiers = new Dictionary<(string Use, string Definition), ScopeTier>();
        var found = new List<(ContextItem? Item, ScopeTier Tier, SymbolDefinition Definition)>();
        foreach (var site in sites.SelectMany(g => g))
        {
            var usage = wanted[site.Word];
            var lines = texts.Lines(site.Hit.Path);
            if (lines is null)
            {
                continue;
            }
            // Only what the extractor confirms as a function, type or member: a line that merely assigns the name (a local
            // variable, a parameter) is no definition worth the tokens.
            var definition = defined.FirstOrDefault(d => d.Path == site.Hit.Path && d.Name == site.Word
                && Math.Abs(d.StartLine - site.Hit.Line) <= 2 && d.Kind is not (SymbolKinds.Variable or SymbolKinds.Other));
            // A local (a nested function, a constant in a body) is a definition only for its own file.
            if (definition is null || (IsLocal(defined, definition) && !usage.Files.Contains(site.Hit.Path)))
            {
                continue;
            }
            var tier = usage.Files.Min(f => tiers.TryGetValue((f, site.Hit.Path), out var t) ? t
                : tiers[(f, site.Hit.Path)] = DefinitionScope.Tier(f, texts.Text(f), site.Hit.Path, texts.Text(site.Hit.Path)));
            var (start, end) = Span(definition);
            if (OutsideDiff(change, site.Hit.Path, start, Math.Min(end, lines.Length), definition.StartLine) is not { } shown)
            {
                // Already in the diff: nothing to show, but it still is what the name means there.
                found.Add((null, tier, definition));
                continue;
            }
            var distance = usage.Files.Min(f => PathDistance(f, site.Hit.Path));
            var text = CodeFormat.Lines(site.Hit.Path, lines, shown.Start, shown.End, $"{definition.Kind} {site.Word}");
            // A name the added lines call (or construct) matters more than one they only mention.
            var weight = usage.Called ? 4.0 : 2.5;
            found.Add((new ContextItem(ContextKind.Definition, site.Hit.Path, shown.Start, shown.End, site.Word,
                $"defines {site.Word}, {(usage.Called ? "called" : "used")} on {usage.Lines} added line(s)", tokens.Count(text), text,
                weight * (1 + Math.Log(1 + usage.Lines)) * DefinitionScope.Factor(tier) / (1 + 0.2 * distance))
            {
                ForPaths = [.. usage.Files],
            }, tier, definition));
        }
        return found.GroupBy(f => f.Definition.Name, StringComparer.Ordinal)
            .SelectMany(g => Resolve(g.ToList(), wanted[g.Key]));
    }

    /// <summary>
    /// The few definitions of one name worth showing, best scope first. A name defined in more than a few places is
    /// resolved only where the scope (same file, imported, same package) or the qualifier it was used through narrows it.
    /// </summary>
    private static IEnumerable<ContextItem> Resolve(List<(ContextItem? Item, ScopeTier Tier, SymbolDefinition Definition)> found, Usage usage)
    {
        // Defined in the same file or imported there: that is what the name means; the same package may add to it.
        var candidates = found.Any(f => f.Tier <= ScopeTier.Imported) ? found.Where(f => f.Tier <= ScopeTier.SamePackage).ToList()
            : found.Count <= FewDefinitions ? found
            : found.Where(f => f.Tier <= ScopeTier.SamePackage || IsNarrowedBy(f.Definition, usage.Qualifiers)).ToList();
        return candidates.Where(f => f.Item is not null).OrderBy(f => f.Tier).ThenByDescending(f => f.Item!.Score)
            .Take(MaxItemsPerName).Select(f => f.Item!);
    }

    /// <summary><c>Store.Get</c> or <c>store.get</c>: the definition's type, file or folder is named by the qualifier.</summary>
    private static bool IsNarrowedBy(SymbolDefinition definition, IReadOnlySet<string> qualifiers)
    {
        if (qualifiers.Count == 0)
        {
            return false;
        }
        var type = definition.Scope?.Split('.')[^1];
        var folder = definition.Path.Contains('/', StringComparison.Ordinal) ? definition.Path[..definition.Path.LastIndexOf('/')] : "";
        return (type is not null && qualifiers.Contains(type)) || qualifiers.Contains(Stem(definition.Path))
            || (folder.Length > 0 && qualifiers.Contains(folder[(folder.LastIndexOf('/') + 1)..]));
    }

    /// <summary>A constant, field or function inside a function body belongs to that body, not to the callers of the name.</summary>
    private static bool IsLocal(IReadOnlyList<SymbolDefinition> defined, SymbolDefinition definition) =>
        !definition.IsType && defined.Any(d => d.IsCallable && d.Path == definition.Path && d != definition
            && d.StartLine < definition.StartLine && d.EndLine >= definition.EndLine);

    /// <summary>The words before <c>.name</c>, <c>-&gt;name</c> or <c>::name</c> on the line.</summary>
    private static IEnumerable<string> Qualifiers(string line, string identifier) => line.Length > MaxScannedLine ? [] :
        Regex.Matches(line, $@"(?<q>[A-Za-z_$][\w$]*)\s*(?:\?\.|\.|->|::)\s*{Regex.Escape(identifier)}\b", RegexOptions.CultureInvariant,
            TimeSpan.FromMilliseconds(100)).Select(m => m.Groups["q"].Value);
}
