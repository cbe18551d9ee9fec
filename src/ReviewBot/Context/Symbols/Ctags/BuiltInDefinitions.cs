namespace ReviewBot.Context.Symbols.Ctags;

/// <summary>
/// Combines ctags' definitions of a file with the built-in parser's where ctags 5.9 is known to miss some (Rust
/// <c>const</c> items, TypeScript class members after a field with an initialiser). A definition is the same in both
/// when its name and start line are: it is kept once, as ctags tagged it.
/// </summary>
internal static class BuiltInDefinitions
{
    /// <summary><paramref name="tagged"/> and what only <paramref name="builtIn"/> found.</summary>
    public static IEnumerable<SymbolDefinition> Merge(IReadOnlyList<SymbolDefinition> tagged, IReadOnlyList<SymbolDefinition> builtIn)
    {
        var keys = tagged.Select(d => (d.Name, d.StartLine)).ToHashSet();
        return tagged.Concat(builtIn.Where(d => !keys.Contains((d.Name, d.StartLine))));
    }

    /// <summary>
    /// <paramref name="tagged"/> with each definition both found as long as the longer of the two: the built-in parser
    /// joins overload signatures with their implementation. (The locals ctags puts at the top level once it lost its
    /// place need no check here: they lie inside brackets and <see cref="CtagsDefinitions"/> drops them already.)
    /// </summary>
    public static List<SymbolDefinition> Widened(IReadOnlyList<SymbolDefinition> tagged, IReadOnlyList<SymbolDefinition> builtIn)
    {
        var ends = new Dictionary<(string, int), int>();
        foreach (var definition in builtIn)
        {
            ends[(definition.Name, definition.StartLine)] = definition.EndLine;
        }

        return [.. tagged.Select(d => ends.TryGetValue((d.Name, d.StartLine), out var end) && end > d.EndLine ? d with { EndLine = end } : d)];
    }
}
