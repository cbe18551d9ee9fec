namespace ReviewBot.Context.Symbols.Parsing;

/// <summary>
/// TypeScript overloads: bodiless signatures directly followed by the implementation of the same name. Both parsers see
/// each line as a definition that ends where it starts, so the first signature's item never reached the implementation.
/// They become one definition from the first signature to the implementation's end.
/// </summary>
internal static class Overloads
{
    /// <summary><paramref name="definitions"/> (by start line) with each run of overloads joined into its first signature.</summary>
    public static List<SymbolDefinition> Join(IReadOnlyList<SymbolDefinition> definitions, MaskedSource source, SourceLanguage language)
    {
        var joined = new List<SymbolDefinition>(definitions.Count);
        foreach (var definition in definitions)
        {
            if (joined.Count > 0 && joined[^1] is var previous && Continues(previous, definition, source, language))
            {
                joined[^1] = previous with { EndLine = Math.Max(previous.EndLine, definition.EndLine) };
                continue;
            }

            joined.Add(definition);
        }

        return joined;
    }

    /// <summary>
    /// The same callable again: inside the span already joined, or right after a signature without a body (TypeScript
    /// wants overloads adjacent, so nothing else is defined between them).
    /// </summary>
    private static bool Continues(SymbolDefinition previous, SymbolDefinition next, MaskedSource source, SourceLanguage language) =>
        previous.IsCallable && next.IsCallable && previous.Name == next.Name && previous.Scope == next.Scope
        && (next.StartLine <= previous.EndLine || !BlockEnds.HasBody(source, language, NameOffset(source, previous)));

    private static int NameOffset(MaskedSource source, SymbolDefinition definition)
    {
        var start = source.LineStart(definition.StartLine);
        var at = source.Masked.IndexOf(definition.Name, start, source.LineEnd(definition.StartLine) - start, StringComparison.Ordinal);
        return at < 0 ? start : at;
    }
}
