using ReviewBot.Context.CSharp;
using ReviewBot.Context.Index;
using ReviewBot.Context.Symbols;
using ReviewBot.Diff;
using ReviewBot.Workspace;

namespace ReviewBot.Context;

/// <summary>
/// Finds what the model needs beyond the diff, from the repository at the head commit: the definitions of the identifiers
/// the added lines use, the callers of the functions the change alters, the tests that mention them, and the review
/// guidance at the base commit. Definitions are looked up in the head tree's symbol index (<see cref="SymbolIndexes"/>,
/// cached on disk by tree and blob); callers and tests are found with <c>git grep</c> and symbol spans (ctags or the
/// fallback). No checkout is needed. Each item records why it was chosen and how it ranks.
/// </summary>
public sealed partial class ContextBuilder(TokenCounter tokens, SymbolSource symbols, SymbolIndexes indexes, ILogger<ContextBuilder> logger)
{
    private const int MaxItemLines = 80;
    private const int MaxTypeLines = 40;
    private const int MaxSymbolFiles = 600;
    private const int MaxFileChars = 1_000_000;

    public async Task<ContextCandidates> CollectAsync(GitRepository repository, ChangeSet change, string? instructions,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(change);
        var notes = new List<string>();
        if (RangeNote(change) is { } range)
        {
            notes.Add(range);
        }
        var extractor = await symbols.GetAsync(cancellationToken);
        if (extractor.IsFallback)
        {
            notes.Add("universal-ctags is not installed: symbols were found with the simpler fallback, so some definitions and callers may be missing.");
        }

        var diff = change.Files.Select(DiffItem).ToList();

        await repository.PrefetchBlobsAsync(change.Head, p => SourceLanguages.FromPath(p) != SourceLanguage.Unknown, cancellationToken);
        using var blobs = repository.OpenBlobReader();

        // Guidance comes from the base branch as it is now (the pull request's base commit), not from the branch point.
        var baseFiles = (await repository.ListFilesAsync(change.Base, cancellationToken)).Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        var (guidance, guidanceNotes) = await GuidanceReader.ReadAsync(blobs, change.Base, baseFiles,
            change.Files.Select(f => f.Path), tokens, cancellationToken);
        notes.AddRange(guidanceNotes);
        var guidanceItems = guidance.ToList();
        if (!string.IsNullOrWhiteSpace(instructions))
        {
            var body = $"### .github/reviewbot.yml (instructions at the base commit)\n{instructions.Trim()}\n";
            guidanceItems.Add(new ContextItem(ContextKind.Guidance, ".github/reviewbot.yml", 1, CodeFormat.SplitLines(instructions).Length, null,
                "repository instructions", tokens.Count(body), body, double.MaxValue));
        }

        var csharp = await CompiledAsync(repository, blobs, change, cancellationToken);
        notes.AddRange(csharp.Notes);
        guidanceItems.AddRange(csharp.Errors);
        using var index = await IndexAsync(repository, blobs, change, extractor, notes, cancellationToken);
        var related = csharp.Merge(await RelatedAsync(repository, blobs, index, change, extractor, notes, Limits.For(change.Files.Count), cancellationToken));
        Log.Collected(logger, change.Files.Count, related.Count, guidanceItems.Count, extractor.Name);
        return new ContextCandidates(diff, guidanceItems, related, notes, extractor.Name) { CompilerErrors = csharp.CompilerErrors };
    }

    /// <summary>
    /// What the C# compiler says about the change. The compiler reads code the pull request wrote, so whatever it throws on
    /// (a bug of ours or Roslyn's) becomes a note and the search alone gives the context: a review never fails on it.
    /// </summary>
    private async Task<RoslynResult> CompiledAsync(GitRepository repository, BlobReader blobs, ChangeSet change, CancellationToken cancellationToken)
    {
        try
        {
            return await new RoslynContext(tokens).CollectAsync(repository, blobs, change, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && ex is not WorkspaceException)
        {
            Log.CompilerFailed(logger, ex);
            var failed = new RoslynResult();
            failed.Notes.Add($"The C# compiler step failed ({ex.GetType().Name}); the context of .cs files comes from the search alone.");
            return failed;
        }
    }

    /// <summary>
    /// The head tree's symbol index. A disk that fails while it is written (full, gone) costs the definitions, not the
    /// review: the note says so and callers and tests are still searched.
    /// </summary>
    private async Task<SymbolIndex?> IndexAsync(GitRepository repository, BlobReader blobs, ChangeSet change, ISymbolExtractor extractor,
        List<string> notes, CancellationToken cancellationToken)
    {
        try
        {
            return await indexes.OpenAsync(repository, blobs, change.Head, extractor, cancellationToken);
        }
        catch (IOException ex)
        {
            Log.IndexFailed(logger, ex.Message);
            notes.Add($"The symbol index could not be written ({ex.Message}); no definitions were looked up.");
            return null;
        }
    }

    private async Task<List<ContextItem>> RelatedAsync(GitRepository repository, BlobReader blobs, SymbolIndex? index, ChangeSet change,
        ISymbolExtractor extractor, List<string> notes, Limits limits, CancellationToken cancellationToken)
    {
        var texts = new FileTexts(blobs, change.Head);
        var changed = change.Files
            .Where(f => !f.IsBinary && f.NewPath is not null && SourceLanguages.FromPath(f.Path) != SourceLanguage.Unknown)
            .ToList();
        if (changed.Count > MaxSymbolFiles)
        {
            notes.Add($"{changed.Count} source files changed; symbols were read from the first {MaxSymbolFiles} only.");
            changed = changed.Take(MaxSymbolFiles).ToList();
        }
        var changedSources = await texts.ReadAsync(changed.Select(f => f.Path), cancellationToken);
        var changedSymbols = await extractor.ExtractAsync(changedSources, cancellationToken);

        // What the added lines use, and which functions the change alters.
        var uses = new Dictionary<string, Usage>(StringComparer.Ordinal);
        var altered = new Dictionary<string, (SymbolDefinition Definition, int Lines, bool Signature)>(StringComparer.Ordinal);
        foreach (var file in changed)
        {
            var language = SourceLanguages.FromPath(file.Path);
            foreach (var hunk in file.Hunks)
            {
                foreach (var line in hunk.Lines)
                {
                    if (line.Kind == DiffLineKind.Context)
                    {
                        continue;
                    }
                    var anchor = line.NewLine ?? hunk.NewStart;
                    if (SymbolLookup.Enclosing(changedSymbols, file.Path, anchor) is { IsCallable: true } enclosing)
                    {
                        // The declaration line itself is added: the signature changed, and every caller may break.
                        var signature = line.Kind == DiffLineKind.Added && line.NewLine == enclosing.StartLine;
                        altered[enclosing.Name] = altered.TryGetValue(enclosing.Name, out var a)
                            ? (enclosing, a.Lines + 1, a.Signature || signature) : (enclosing, 1, signature);
                    }
                    if (line.Kind != DiffLineKind.Added)
                    {
                        continue;
                    }
                    var defined = IdentifierScanner.Defined(line.Text, language);
                    foreach (var identifier in IdentifierScanner.Identifiers(line.Text, language))
                    {
                        if (identifier.Length < 3 || defined.Contains(identifier))
                        {
                            continue;
                        }
                        var usage = uses.TryGetValue(identifier, out var u) ? u : uses[identifier] = new Usage();
                        usage.Lines++;
                        usage.Files.Add(file.Path);
                        usage.Called |= IsCalled(line.Text, identifier);
                        usage.Qualifiers.UnionWith(Qualifiers(line.Text, identifier));
                    }
                }
            }
        }

        var items = new List<ContextItem>();
        var wanted = uses.OrderByDescending(u => u.Value.Lines).ThenBy(u => u.Key, StringComparer.Ordinal)
            .Take(limits.Identifiers).ToDictionary(u => u.Key, u => u.Value, StringComparer.Ordinal);
        if (uses.Count > wanted.Count)
        {
            notes.Add($"{uses.Count} identifiers are used by the added lines; definitions were looked up for the {wanted.Count} used most.");
        }
        items.AddRange(await DefinitionsAsync(index, texts, change, wanted, limits, cancellationToken));
        items.AddRange(await CallersAsync(repository, index, texts, change, extractor, altered, limits, cancellationToken));
        items.AddRange(await TestsByNameAsync(repository, index, texts, change, extractor, changed, altered, limits, cancellationToken));
        return Deduplicate(items);
    }

    private static (int Start, int End) Span(SymbolDefinition definition)
    {
        var end = Math.Max(definition.EndLine, definition.StartLine);
        // A long type shows its head (fields and the first members are there); a long function is cut, which the header says.
        var max = definition.IsType ? MaxTypeLines : MaxItemLines;
        return end - definition.StartLine > max ? (definition.StartLine, definition.StartLine + max) : (definition.StartLine, end);
    }

    private static bool IsShownInDiff(ChangeSet change, string path, int line) =>
        change.Find(path) is { } file && file.NewPath == path && file.IsInHunk(line);

    private static bool IsChangedLine(ChangeSet change, string path, int line) =>
        change.Find(path) is { } file && file.NewPath == path && file.IsAdded(line);

    private static string Stem(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? name[..dot] : name;
    }

    /// <summary>0 for the same file, 1 for the same folder, then one more per folder step apart.</summary>
    public static int PathDistance(string first, string second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first == second)
        {
            return 0;
        }
        var a = first.Split('/')[..^1];
        var b = second.Split('/')[..^1];
        var common = 0;
        while (common < a.Length && common < b.Length && a[common] == b[common])
        {
            common++;
        }
        return 1 + (a.Length - common) + (b.Length - common);
    }

    /// <summary>Overlapping items of the same file keep the best-ranked one, with the other's reason appended.</summary>
    private static List<ContextItem> Deduplicate(List<ContextItem> items)
    {
        var kept = new List<ContextItem>();
        // Equal ranks: the narrower item first, so a method is shown rather than the whole class around it.
        foreach (var item in items.OrderByDescending(i => i.Score).ThenBy(i => i.EndLine - i.StartLine))
        {
            var overlap = kept.FindIndex(k => k.Path == item.Path && k.StartLine <= item.EndLine && item.StartLine <= k.EndLine);
            if (overlap < 0)
            {
                kept.Add(item);
            }
            else if (!kept[overlap].Reason.Contains(item.Reason, StringComparison.Ordinal) && kept[overlap].Reason.Length < 300)
            {
                kept[overlap] = kept[overlap] with { Reason = $"{kept[overlap].Reason}; {item.Reason}", ForPaths = [.. kept[overlap].ForPaths.Union(item.ForPaths)] };
            }
        }
        return kept;
    }

    /// <summary>The identifier is called or constructed on the line: <c>name(</c>, <c>name&lt;T&gt;(</c>, <c>new Name(</c>.</summary>
    private static bool IsCalled(string line, string identifier) =>
        System.Text.RegularExpressions.Regex.IsMatch(line, $@"\b{System.Text.RegularExpressions.Regex.Escape(identifier)}\s*(?:<[^()]*>)?\s*\(",
            System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    private sealed class Usage
    {
        public bool Called { get; set; }

        public int Lines { get; set; }
        public HashSet<string> Files { get; } = new(StringComparer.Ordinal);

        /// <summary>What the name was reached through (<c>store.Get</c>: store), which narrows a common name.</summary>
        public HashSet<string> Qualifiers { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 801, Level = LogLevel.Debug, Message = "Context for {FileCount} changed file(s): {RelatedCount} related item(s), {GuidanceCount} guidance item(s), symbols by {SymbolSource}")]
        public static partial void Collected(ILogger logger, int fileCount, int relatedCount, int guidanceCount, string symbolSource);

        [LoggerMessage(EventId = 802, Level = LogLevel.Error, Message = "The C# compiler step of the context failed; the search alone gives the context of .cs files")]
        public static partial void CompilerFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 803, Level = LogLevel.Warning, Message = "The symbol index could not be written ({Reason}); the context has no definitions")]
        public static partial void IndexFailed(ILogger logger, string reason);
    }
}
