using System.Text.RegularExpressions;
using ReviewBot.Context.Index;
using ReviewBot.Context.Symbols;
using ReviewBot.Diff;
using ReviewBot.Workspace;

namespace ReviewBot.Context;

/// <summary>Callers of the functions a change alters, and the tests that call or name them.</summary>
public sealed partial class ContextBuilder
{
    /// <summary>Callers and tests per altered function: a common name never floods the pack.</summary>
    private const int MaxCallersPerName = 6;

    /// <summary>
    /// Callers of a function whose body alone changed: a caller still compiles and may not care, so a couple show how the
    /// function is used, and the tokens go to what the change's lines need.
    /// </summary>
    private const int MaxBodyCallersPerName = 2;

    /// <summary>Callers of body-only changes in all: beyond these the pack repeats how functions are used.</summary>
    private const int MaxBodyCallers = 4;

    /// <summary>Tests found by the changed file's name and one of its altered functions: the nearest two per function.</summary>
    private const int MaxStemTests = 2;

    private async Task<IEnumerable<ContextItem>> CallersAsync(GitRepository repository, SymbolIndex? index, FileTexts texts, ChangeSet change,
        ISymbolExtractor extractor, Dictionary<string, (SymbolDefinition Definition, int Lines, bool Signature)> altered, Limits limits, CancellationToken cancellationToken)
    {
        var names = altered.Where(a => a.Key.Length >= 3)
            .OrderByDescending(a => a.Value.Lines).Take(limits.CallerNames).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var found = (await SearchAsync(repository, index, texts, change.Head, names.Keys, limits.GrepHits, sourceToo: true, cancellationToken))
            .Where(hit => SourceLanguages.FromPath(hit.Path) != SourceLanguage.Unknown)
            .ToList();
        // How many files define each name: past a few, it is common, and only a caller that has it in scope counts.
        var definitions = index is null
            ? names.Keys.ToDictionary(n => n, n => found.Count(h => IdentifierScanner.Defined(h.Text, SourceLanguages.FromPath(h.Path)).Contains(n)),
                StringComparer.Ordinal)
            : index.FilesDefining(names.Keys, cancellationToken);
        var hits = found
            .Where(hit => !IsChangedLine(change, hit.Path, hit.Line))
            .Select(hit => (Hit: hit, Names: names.Keys.Where(n => IsReference(hit.Text, n)
                && !IdentifierScanner.Defined(hit.Text, SourceLanguages.FromPath(hit.Path)).Contains(n)).ToList()))
            .Where(h => h.Names.Count > 0)
            .ToList();
        var files = hits.Select(h => h.Hit.Path).Distinct(StringComparer.Ordinal).Take(limits.DefinitionFiles).ToList();
        var sources = await texts.ReadAsync(files.Concat(names.Values.Select(n => n.Definition.Path)), cancellationToken);
        var defined = await extractor.ExtractAsync(sources, cancellationToken);
        var items = new List<ContextItem>();
        foreach (var (hit, referenced) in hits.Where(h => files.Contains(h.Hit.Path)))
        {
            var lines = texts.Lines(hit.Path);
            var callee = referenced.FirstOrDefault(n => InScope(texts, defined, names[n].Definition, definitions[n], hit));
            if (lines is null || callee is null)
            {
                continue;
            }
            var enclosing = SymbolLookup.Enclosing(defined, hit.Path, hit.Line);
            var (start, end) = enclosing is { IsCallable: true } ? Span(enclosing) : (Math.Max(1, hit.Line - 8), hit.Line + 8);
            if (end - start > MaxItemLines)
            {
                (start, end) = (Math.Max(start, hit.Line - 30), Math.Min(end, hit.Line + 30));
            }
            if (OutsideDiff(change, hit.Path, start, Math.Min(end, lines.Length), hit.Line) is not { } shown)
            {
                continue;
            }
            var isTest = TestFiles.IsTestPath(hit.Path);
            var origin = names[callee].Definition.Path;
            var text = CodeFormat.Lines(hit.Path, lines, shown.Start, shown.End, $"{(isTest ? "test" : "caller")} of {callee}");
            // Labelled with the calling function; outside one (a field initialiser, a top-level statement) with the callee.
            items.Add(new ContextItem(isTest ? ContextKind.Test : ContextKind.Caller, hit.Path, shown.Start, shown.End,
                enclosing is { IsCallable: true } ? enclosing.Name : callee,
                $"{(isTest ? "test that calls" : "calls")} {callee}, {(names[callee].Signature ? "whose signature the change alters" : "which the change alters")}",
                tokens.Count(text), text,
                (isTest ? 1.8 : 2.0) * (names[callee].Signature ? 1.0 : 0.5) * (1 + Math.Log(1 + names[callee].Lines)) / (1 + PathDistance(origin, hit.Path)))
            {
                ForPaths = [origin],
            });
        }
        var capped = items.GroupBy(i => i.Reason, StringComparer.Ordinal)
            .SelectMany(g => g.OrderByDescending(i => i.Score).Take(g.Key.Contains("signature", StringComparison.Ordinal) ? MaxCallersPerName : MaxBodyCallersPerName))
            .ToList();
        var bodyOnly = capped.Where(i => !i.Reason.Contains("signature", StringComparison.Ordinal)).OrderByDescending(i => i.Score).Skip(MaxBodyCallers).ToHashSet();
        return capped.Where(i => !bodyOnly.Contains(i));
    }

    /// <summary>
    /// The line can mean the altered definition: a nested function is called only from its own file, and a name defined
    /// in more than a few places only from where the definition is in scope (same file, imported, same package) or
    /// through a qualifier that names its type, file or folder.
    /// </summary>
    private static bool InScope(FileTexts texts, IReadOnlyList<SymbolDefinition> defined, SymbolDefinition definition, int definitions, GrepHit hit)
    {
        if (SymbolLookup.IsLocal(defined, definition))
        {
            return hit.Path == definition.Path;
        }
        return definitions <= FewDefinitions
            || DefinitionScope.Tier(hit.Path, texts.Text(hit.Path), definition.Path, texts.Text(definition.Path)) <= ScopeTier.SamePackage
            || IsNarrowedBy(definition, Qualifiers(hit.Text, definition.Name).ToHashSet(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The line calls or constructs the name (<c>name(</c>, <c>x.name(</c>, <c>new Name(</c>), not merely contains the word:
    /// <c>[Test]</c>, <c>@Test</c> and <c>@index</c> are attributes and decorators, not calls.
    /// </summary>
    private static bool IsReference(string line, string name) => line.Length <= MaxScannedLine &&
        Regex.IsMatch(line, $@"(?<![\w$\[@]){Regex.Escape(name)}\s*(?:<[^()]*>)?\s*\(", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <summary>
    /// Tests that name a changed file (its stem) and also one of the functions the change alters there: a test counts when
    /// it references the changed symbol, not when it merely contains the file's name. The item is the test function around
    /// the first line naming that function.
    /// </summary>
    private async Task<IEnumerable<ContextItem>> TestsByNameAsync(GitRepository repository, SymbolIndex? index, FileTexts texts, ChangeSet change,
        ISymbolExtractor extractor, IReadOnlyList<FileDiff> changed, Dictionary<string, (SymbolDefinition Definition, int Lines, bool Signature)> altered,
        Limits limits, CancellationToken cancellationToken)
    {
        var stems = changed.Where(f => !TestFiles.IsTestPath(f.Path))
            .Select(f => (Stem: Stem(f.Path), f.Path))
            .Where(s => s.Stem.Length >= 4)
            .GroupBy(s => s.Stem, StringComparer.Ordinal)
            .Take(limits.Stems)
            .ToDictionary(g => g.Key, g => g.Select(s => s.Path).ToList(), StringComparer.Ordinal);
        var hits = (await SearchAsync(repository, index, texts, change.Head, stems.Keys, limits.GrepHits, sourceToo: false, cancellationToken))
            .Where(hit => SourceLanguages.FromPath(hit.Path) != SourceLanguage.Unknown && !IsChangedLine(change, hit.Path, hit.Line))
            .GroupBy(hit => hit.Path, StringComparer.Ordinal)
            .Take(limits.DefinitionFiles)
            .Select(g => g.First())
            .ToList();
        var sources = await texts.ReadAsync(hits.Select(h => h.Path), cancellationToken);
        var defined = await extractor.ExtractAsync(sources, cancellationToken);
        var items = new List<ContextItem>();
        foreach (var hit in hits)
        {
            var lines = texts.Lines(hit.Path);
            var stem = stems.Keys.FirstOrDefault(s => hit.Text.Contains(s, StringComparison.Ordinal));
            if (lines is null || stem is null || Naming(lines, altered.Where(a => a.Key.Length >= 3 && stems[stem].Contains(a.Value.Definition.Path)).Select(a => a.Key))
                is not { } named || IsChangedLine(change, hit.Path, named.Line))
            {
                continue;
            }
            var enclosing = SymbolLookup.Enclosing(defined, hit.Path, named.Line);
            var (start, end) = enclosing is { IsCallable: true } ? Span(enclosing) : (Math.Max(1, named.Line - 5), named.Line + 25);
            if (OutsideDiff(change, hit.Path, start, Math.Min(end, lines.Length), named.Line) is not { } shown)
            {
                continue;
            }
            var text = CodeFormat.Lines(hit.Path, lines, shown.Start, shown.End, $"test of {named.Name}");
            items.Add(new ContextItem(ContextKind.Test, hit.Path, shown.Start, shown.End, enclosing is { IsCallable: true } ? enclosing.Name : named.Name,
                $"test that names {named.Name} of {stem}, which the change alters", tokens.Count(text), text,
                1.5 / (1 + stems[stem].Min(p => PathDistance(p, hit.Path))))
            {
                ForPaths = stems[stem],
            });
        }
        // A common file name (index, utils) is mentioned by many tests: the nearest few per function.
        return items.GroupBy(i => i.Reason, StringComparer.Ordinal)
            .SelectMany(g => g.OrderByDescending(i => i.Score).ThenBy(i => i.Path, StringComparer.Ordinal).Take(MaxStemTests));
    }

    /// <summary>The first line (1-based) that names one of <paramref name="names"/> as a word, and the name; null when none does.</summary>
    private static (int Line, string Name)? Naming(string[] lines, IEnumerable<string> names)
    {
        var wanted = names.ToList();
        for (var i = 0; i < lines.Length && wanted.Count > 0; i++)
        {
            if (lines[i].Length <= MaxScannedLine && wanted.FirstOrDefault(n => ContainsWord(lines[i], n)) is { } name)
            {
                return (i + 1, name);
            }
        }
        return null;
    }
}
