using System.Text.RegularExpressions;
using ReviewBot.Context.Symbols;
using ReviewBot.Diff;
using ReviewBot.Context.Index;

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

    private async Task<IEnumerable<ContextItem>> DefinitionsAsync(SymbolIndex? index, FileTexts texts, ChangeSet change,
        Dictionary<string, Usage> wanted, Limits limits, CancellationToken cancellationToken)
    {
        if (index is null)
        {
            return [];
        }
        var tiers = new Dictionary<(string Use, string Definition), ScopeTier>();
        var chosen = new List<Candidate>();
        foreach (var (name, symbols) in index.Find(wanted.Keys, (symbol, files) => Considers(symbol, files, wanted[symbol.Definition.Name]), cancellationToken))
        {
            var usage = wanted[name];
            var options = symbols
                .Select(s => Rate(change, texts, tiers, usage, s))
                .Where(c => Means(c, usage))
                .ToList();
            chosen.AddRange(Resolve(options, usage));
        }
        // The files of the best-ranked choices are read, up to the cap; the index alone chose them.
        chosen = [.. chosen.OrderByDescending(c => c.Score)];
        await texts.ReadAsync(chosen.Select(c => c.Symbol.Definition.Path).Distinct(StringComparer.Ordinal).Take(limits.DefinitionFiles),
            cancellationToken);
        var shown = chosen.Select(c => Place(texts, c, wanted[c.Symbol.Definition.Name])).OfType<Placed>();
        return NearRuns(change, shown).Select(run => Item(texts.Lines(run[0].Path)!, run));
    }

    /// <summary>A chosen definition with the lines it shows, cut to the diff and to the file.</summary>
    private sealed record Placed(Candidate Candidate, Usage Usage, int Start, int End)
    {
        public string Path => Candidate.Symbol.Definition.Path;
    }

    private static Placed? Place(FileTexts texts, Candidate candidate, Usage usage) =>
        texts.Lines(candidate.Symbol.Definition.Path) is { } lines && candidate.Shown is { } shown && shown.Start <= lines.Length
            ? new Placed(candidate, usage, shown.Start, Math.Min(shown.End, lines.Length)) : null;

    /// <summary>
    /// Definitions of one file that lie next to each other (constants of one block, fields of one type) are one run, shown
    /// as one item under one heading, up to <see cref="MaxItemLines"/> lines, never across a line the diff shows.
    /// </summary>
    private static IEnumerable<List<Placed>> NearRuns(ChangeSet change, IEnumerable<Placed> placed)
    {
        foreach (var file in placed.GroupBy(p => p.Path, StringComparer.Ordinal))
        {
            List<Placed>? run = null;
            foreach (var next in file.OrderBy(p => p.Start).ThenByDescending(p => p.End))
            {
                var end = run?[^1].End ?? 0;
                if (run is not null && next.Start > end && next.Start <= end + 3 && next.End - run[0].Start <= MaxItemLines
                    && !Enumerable.Range(end + 1, Math.Max(0, next.Start - end - 1)).Any(l => IsShownInDiff(change, file.Key, l)))
                {
                    run.Add(next);
                    continue;
                }
                if (run is not null)
                {
                    yield return run;
                }
                run = [next];
            }
            yield return run!;
        }
    }

    /// <summary>One item for a run: the heading names every definition; the item keeps the symbol of the best-ranked one.</summary>
    private ContextItem Item(string[] lines, List<Placed> run)
    {
        var (first, best) = (run[0], run.MaxBy(p => p.Candidate.Score)!);
        var (start, end) = (first.Start, run[^1].End);
        var heading = string.Join("; ", run.Select(p => $"{p.Candidate.Symbol.Definition.Kind} {p.Candidate.Symbol.Definition.Name}"));
        var text = CodeFormat.Lines(first.Path, lines, start, end, heading);
        var reason = "";
        foreach (var part in run.Select(Reason).Distinct(StringComparer.Ordinal))
        {
            reason = reason.Length == 0 ? part : reason.Length >= 300 || reason.Contains(part, StringComparison.Ordinal) ? reason : $"{reason}; {part}";
        }
        return new ContextItem(ContextKind.Definition, first.Path, start, end, best.Candidate.Symbol.Definition.Name, reason, tokens.Count(text), text,
            best.Candidate.Score)
        {
            ForPaths = [.. run.SelectMany(p => p.Usage.Files).Distinct(StringComparer.Ordinal)],
        };
    }

    private static string Reason(Placed placed) =>
        $"defines {placed.Candidate.Symbol.Definition.Name}, {(placed.Usage.Called ? "called" : "used")} on {placed.Usage.Lines} added line(s)";

    /// <summary>More files than this define the name: only the same file and what the qualifier names are ranked at all.</summary>
    private const int ManyDefinitions = 64;

    /// <summary>
    /// A definition worth ranking, of a name that <paramref name="files"/> files define: a local (a nested function, a
    /// constant in a body) only for its own file, and for a name defined in very many files (a method every service has)
    /// only one the qualifier narrows to or the using file holds, so ranking, and what the lookup keeps, stay bounded by
    /// the change however large the repository.
    /// </summary>
    private static bool Considers(IndexedSymbol symbol, int files, Usage usage) =>
        (!symbol.IsLocal || usage.Files.Contains(symbol.Definition.Path))
        && (files <= ManyDefinitions || usage.Files.Contains(symbol.Definition.Path) || IsNarrowedBy(symbol.Definition, usage.Qualifiers));

    /// <summary>
    /// A name the added lines only mention (a word, not a call) means a declaration elsewhere only where it is in scope or
    /// the qualifier names its type: <c>count</c> or <c>value</c> on a line is far more often a local or a parameter than
    /// a member of some other class. A type is what a mentioned name means wherever it is declared; a field, only in its
    /// own file (its type, shown for the type's name, holds it).
    /// </summary>
    private static bool Means(Candidate candidate, Usage usage)
    {
        var definition = candidate.Symbol.Definition;
        if (usage.Called || definition.IsType)
        {
            return true;
        }
        if (definition.Kind is SymbolKinds.Field or SymbolKinds.Variable)
        {
            return candidate.Tier == ScopeTier.SameFile;
        }
        return candidate.Tier <= ScopeTier.SamePackage || IsNarrowedBy(definition, usage.Qualifiers);
    }

    /// <summary>A definition of a used name, ranked by scope, distance and use, and the part of it the diff does not show.</summary>
    private sealed record Candidate(IndexedSymbol Symbol, ScopeTier Tier, (int Start, int End)? Shown, double Score);

    private static Candidate Rate(ChangeSet change, FileTexts texts, Dictionary<(string, string), ScopeTier> tiers, Usage usage, IndexedSymbol symbol)
    {
        var definition = symbol.Definition;
        var tier = usage.Files.Min(f => tiers.TryGetValue((f, definition.Path), out var t) ? t
            : tiers[(f, definition.Path)] = DefinitionScope.Tier(f, texts.Text(f), definition.Path, symbol.Clause));
        var (start, end) = Span(definition);
        // Already in the diff (null): nothing to show, but it still is what the name means there.
        var shown = OutsideDiff(change, definition.Path, start, end, definition.StartLine);
        var distance = usage.Files.Min(f => PathDistance(f, definition.Path));
        // A name the added lines call (or construct) matters more than one they only mention.
        var weight = usage.Called ? 4.0 : 2.5;
        return new Candidate(symbol, tier, shown, weight * (1 + Math.Log(1 + usage.Lines)) * DefinitionScope.Factor(tier) / (1 + 0.2 * distance));
    }

    /// <summary>
    /// The few definitions of one name worth showing, best scope first. A name defined in more than a few files is
    /// resolved only where the scope (same file, imported, same package) or the qualifier it was used through narrows it.
    /// </summary>
    private static IEnumerable<Candidate> Resolve(List<Candidate> found, Usage usage)
    {
        // Defined in the same file or imported there: that is what the name means; the same package may add to it.
        // A common name (equals, toString, String) is defined by many types of one package too: only the qualifier decides.
        var candidates = found.Any(f => f.Tier <= ScopeTier.Imported) ? found.Where(f => f.Tier <= ScopeTier.SamePackage).ToList()
            : found.Select(f => f.Symbol.Definition.Path).Distinct(StringComparer.Ordinal).Count() <= FewDefinitions ? found
            : found.Where(f => IsNarrowedBy(f.Symbol.Definition, usage.Qualifiers)).ToList();
        return candidates.Where(f => f.Shown is not null).OrderBy(f => f.Tier).ThenByDescending(f => f.Score).Take(MaxItemsPerName);
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

    /// <summary>
    /// The words before <c>.name</c>, <c>-&gt;name</c> or <c>::name</c> on the line: a constructed type
    /// (<c>new Store().name</c> gives Store) and a field named after its type (<c>_store.name</c>, <c>m_store</c>) too.
    /// </summary>
    private static IEnumerable<string> Qualifiers(string line, string identifier)
    {
        if (line.Length > MaxScannedLine)
        {
            return [];
        }

        List<string> words;
        try
        {
            words = Regex.Matches(line, $@"(?<q>[A-Za-z_$][\w$]*)\s*(?:<[^<>()]*>)?\s*(?:\(\s*\))?\s*(?:\?\.|\.|->|::)\s*{Regex.Escape(identifier)}\b", RegexOptions.CultureInvariant,
                TimeSpan.FromMilliseconds(100)).Select(m => m.Groups["q"].Value).ToList();
        }
        catch (RegexMatchTimeoutException)
        {
            // A line too slow to scan (a loaded machine, a pathological line) narrows nothing, as a line too long does;
            // the timeout bounds the cost, and must not end the review.
            return [];
        }

        return words.SelectMany(q => q.StartsWith("m_", StringComparison.Ordinal) ? [q, q[2..]] : q.StartsWith('_') ? [q, q.TrimStart('_')] : new[] { q });
    }
}
