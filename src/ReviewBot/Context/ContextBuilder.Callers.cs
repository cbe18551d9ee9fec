using ReviewBot.Context.Symbols;
using ReviewBot.Diff;
using ReviewBot.Workspace;

namespace ReviewBot.Context;

/// <summary>Callers of the functions a change alters, and the tests that call or name them.</summary>
public sealed partial class ContextBuilder
{
    private async Task<IEnumerable<ContextItem>> CallersAsync(GitRepository repository, FileTexts texts, ChangeSet change,
        ISymbolExtractor extractor, Dictionary<string, (SymbolDefinition Definition, int Lines)> altered, Limits limits, CancellationToken cancellationToken)
    {
        var names = altered.Where(a => a.Key.Length >= 3)
            .OrderByDescending(a => a.Value.Lines).Take(limits.CallerNames).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var hits = (await GrepAsync(repository, change.Head, names.Keys, limits.GrepHits, cancellationToken))
            .Where(hit => SourceLanguages.FromPath(hit.Path) != SourceLanguage.Unknown && !IsChangedLine(change, hit.Path, hit.Line))
            .Select(hit => (Hit: hit, Names: names.Keys.Where(n => IdentifierScanner.Identifiers(hit.Text, SourceLanguages.FromPath(hit.Path)).Contains(n)
                && !IdentifierScanner.Defined(hit.Text, SourceLanguages.FromPath(hit.Path)).Contains(n)).ToList()))
            .Where(h => h.Names.Count > 0)
            .ToList();
        var files = hits.Select(h => h.Hit.Path).Distinct(StringComparer.Ordinal).Take(limits.DefinitionFiles).ToList();
        var sources = await texts.ReadAsync(files, cancellationToken);
        var defined = await extractor.ExtractAsync(sources, cancellationToken);
        var items = new List<ContextItem>();
        foreach (var (hit, callees) in hits.Where(h => files.Contains(h.Hit.Path)))
        {
            var lines = texts.Lines(hit.Path);
            if (lines is null)
            {
                continue;
            }
            var enclosing = SymbolLookup.Enclosing(defined, hit.Path, hit.Line);
            var (start, end) = enclosing is { IsCallable: true } ? Span(enclosing) : (Math.Max(1, hit.Line - 8), hit.Line + 8);
            if (end - start > MaxItemLines)
            {
                (start, end) = (Math.Max(start, hit.Line - 30), Math.Min(end, hit.Line + 30));
            }
            var isTest = TestFiles.IsTestPath(hit.Path);
            var callee = callees[0];
            var origin = names[callee].Definition.Path;
            var text = CodeFormat.Lines(hit.Path, lines, start, end, $"{(isTest ? "test" : "caller")} of {callee}");
            items.Add(new ContextItem(isTest ? ContextKind.Test : ContextKind.Caller, hit.Path, start, Math.Min(end, lines.Length),
                enclosing?.Name ?? callee,
                isTest ? $"test that calls {callee}, which the change alters" : $"calls {callee}, which the change alters",
                tokens.Count(text), text,
                (isTest ? 1.8 : 2.0) * (1 + Math.Log(1 + names[callee].Lines)) / (1 + PathDistance(origin, hit.Path)))
            {
                ForPaths = [origin],
            });
        }
        return items;
    }

    private async Task<IEnumerable<ContextItem>> TestsByNameAsync(GitRepository repository, FileTexts texts, ChangeSet change,
        ISymbolExtractor extractor, IReadOnlyList<FileDiff> changed, Limits limits, CancellationToken cancellationToken)
    {
        var stems = changed.Where(f => !TestFiles.IsTestPath(f.Path))
            .Select(f => (Stem: Stem(f.Path), f.Path))
            .Where(s => s.Stem.Length >= 4)
            .GroupBy(s => s.Stem, StringComparer.Ordinal)
            .Take(limits.Stems)
            .ToDictionary(g => g.Key, g => g.Select(s => s.Path).ToList(), StringComparer.Ordinal);
        var hits = (await GrepAsync(repository, change.Head, stems.Keys, limits.GrepHits, cancellationToken))
            .Where(hit => TestFiles.IsTestPath(hit.Path) && SourceLanguages.FromPath(hit.Path) != SourceLanguage.Unknown && !IsChangedLine(change, hit.Path, hit.Line))
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
            if (lines is null || stem is null)
            {
                continue;
            }
            var enclosing = SymbolLookup.Enclosing(defined, hit.Path, hit.Line);
            var (start, end) = enclosing is { IsCallable: true } ? Span(enclosing) : (Math.Max(1, hit.Line - 5), hit.Line + 25);
            var text = CodeFormat.Lines(hit.Path, lines, start, end, $"test mentioning {stem}");
            items.Add(new ContextItem(ContextKind.Test, hit.Path, start, Math.Min(end, lines.Length), enclosing?.Name,
                $"test that mentions {stem}", tokens.Count(text), text,
                1.5 / (1 + stems[stem].Min(p => PathDistance(p, hit.Path))))
            {
                ForPaths = stems[stem],
            });
        }
        return items;
    }
}
