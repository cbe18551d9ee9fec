namespace ReviewBot.Context.Symbols;

/// <summary>Questions asked of a set of definitions.</summary>
public static class SymbolLookup
{
    /// <summary>
    /// The innermost function or method of <paramref name="path"/> containing <paramref name="line"/>, else the innermost
    /// type containing it, else null. Innermost is the one starting last (of two starting together, the shorter).
    /// Paths compare ordinally, as given to the extractor.
    /// </summary>
    public static SymbolDefinition? Enclosing(IEnumerable<SymbolDefinition> symbols, string path, int line)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(path);
        SymbolDefinition? callable = null;
        SymbolDefinition? type = null;
        foreach (var symbol in symbols)
        {
            if (!symbol.Contains(line) || !string.Equals(symbol.Path, path, StringComparison.Ordinal))
            {
                continue;
            }

            if (symbol.IsCallable && IsInside(symbol, callable))
            {
                callable = symbol;
            }
            else if (symbol.IsType && IsInside(symbol, type))
            {
                type = symbol;
            }
        }

        return callable ?? type;
    }

    /// <summary>
    /// A constant, field or function inside a function body of its own file: it belongs to that body, so it is what a
    /// name means only there, not to the callers of the name elsewhere. A type is never local.
    /// </summary>
    public static bool IsLocal(IEnumerable<SymbolDefinition> symbols, SymbolDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(definition);
        return !definition.IsType && symbols.Any(d => d.IsCallable && d != definition && d.StartLine < definition.StartLine
            && d.EndLine >= definition.EndLine && string.Equals(d.Path, definition.Path, StringComparison.Ordinal));
    }

    private static bool IsInside(SymbolDefinition candidate, SymbolDefinition? current) =>
        current is null
        || candidate.StartLine > current.StartLine
        || (candidate.StartLine == current.StartLine && candidate.EndLine < current.EndLine);
}
