using ReviewBot.Context.Symbols.Parsing;

namespace ReviewBot.Context.Symbols.Fallback;

/// <summary>
/// Collects one file's definitions in line order and knows which of them are still open, so a parser can ask what
/// encloses the line it is on (a class body takes members; a function body takes only nested functions).
/// </summary>
internal sealed class ScopeStack(string path, MaskedSource source, SourceLanguage language)
{
    // Minified or generated lines: no definition worth finding, and long enough to make regexes slow.
    private const int MaxLineLength = 2_000;

    private readonly List<(SymbolDefinition Definition, int HeaderEnd)> _open = [];

    public List<SymbolDefinition> Found { get; } = [];

    public MaskedSource Source => source;

    /// <summary>The lines worth matching: not blank and not minified.</summary>
    public IEnumerable<(int Number, string Text)> Lines()
    {
        for (var line = 1; line <= source.LineCount; line++)
        {
            var length = source.LineEnd(line) - source.LineStart(line);
            if (length is > 0 and <= MaxLineLength && source.Line(line) is var text && !string.IsNullOrWhiteSpace(text))
            {
                yield return (line, text);
            }
        }
    }

    /// <summary>The innermost definition still open at <paramref name="line"/>, or null at the top level.</summary>
    public SymbolDefinition? At(int line)
    {
        while (_open.Count > 0 && _open[^1].Definition.EndLine < line)
        {
            _open.RemoveAt(_open.Count - 1);
        }

        return _open.Count > 0 ? _open[^1].Definition : null;
    }

    /// <summary>
    /// True when <paramref name="line"/> continues the header of the innermost open definition (parameters, an
    /// <c>extends</c> list over several lines) rather than lying in its body: no definitions there.
    /// </summary>
    public bool InHeader(int line) =>
        At(line) is not null && _open[^1].Definition.StartLine < line && line <= _open[^1].HeaderEnd;

    /// <summary>
    /// Adds a definition whose name starts at column <paramref name="nameColumn"/> of <paramref name="line"/>; its end
    /// is found from there. The scope is the chain of open definitions unless given.
    /// </summary>
    public SymbolDefinition Add(string name, string kind, int line, int nameColumn, string? scope = null)
    {
        var (headerEnd, end) = BlockEnds.Find(source, language, source.LineStart(line) + nameColumn);
        return Add(name, kind, line, headerEnd, end, scope);
    }

    /// <summary>
    /// Opens a scope for the definitions that follow (a Rust <c>impl</c> block names its methods' type) without
    /// defining anything: it is not in <see cref="Found"/>.
    /// </summary>
    public void Open(string name, string kind, int line, int nameColumn)
    {
        var definition = Add(name, kind, line, nameColumn);
        Found.Remove(definition);
    }

    public SymbolDefinition AddWithEnd(string name, string kind, int line, int endLine, string? scope = null) =>
        Add(name, kind, line, line, endLine, scope);

    private SymbolDefinition Add(string name, string kind, int line, int headerEnd, int endLine, string? scope)
    {
        At(line);
        scope ??= string.Join('.', _open.Select(o => o.Definition).Where(d => d.Kind != SymbolKinds.Namespace).Select(d => d.Name));
        var definition = new SymbolDefinition(name, kind, path, line, Math.Clamp(endLine, line, source.LineCount), scope.Length > 0 ? scope : null);
        Found.Add(definition);
        _open.Add((definition, headerEnd));
        return definition;
    }
}
