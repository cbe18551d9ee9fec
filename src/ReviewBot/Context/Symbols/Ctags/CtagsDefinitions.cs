using ReviewBot.Context.Symbols.Parsing;

namespace ReviewBot.Context.Symbols.Ctags;

/// <summary>
/// Turns one file's ctags tags into definitions: kinds normalised, locals dropped, variables holding functions made
/// functions, and ends filled in where ctags 5.9 gives none (TypeScript and JavaScript never, Go generics and fields not).
/// </summary>
internal static class CtagsDefinitions
{
    // Words ctags 5.9's TypeScript parser sometimes takes for names: `if (...) {` as a method, `extends` in a return type.
    private static readonly HashSet<string> NotNames = ["if", "for", "while", "switch", "catch", "return", "as", "satisfies", "instanceof", "typeof", "extends"];

    public static IReadOnlyList<SymbolDefinition> From(SourceFile file, IReadOnlyList<CtagsMessage> tags)
    {
        var language = file.Language;
        var source = CodeMasker.Mask(file.Text, language);
        var imports = new Lazy<HashSet<int>>(() => ImportLines(source));
        var definitions = new List<SymbolDefinition>(tags.Count);
        var seen = new HashSet<(string, string, int)>();
        foreach (var tag in tags)
        {
            if (tag is not { Name: { Length: > 0 } name, Kind: { } rawKind, Line: > 0 and var line }
                || CtagsKinds.Normalise(language, rawKind, tag.ScopeKind) is not { } kind)
            {
                continue;
            }

            line = Math.Min(line, source.LineCount);
            var nameOffset = FindName(source, line, name);
            if (language.IsScript())
            {
                kind = imports.Value.Contains(line) ? null : ScriptKind(source, line, name, nameOffset, kind, tag.ScopeKind);
                if (kind is null)
                {
                    continue;
                }
            }

            // ctags 5.9 predates Java records and tags them as methods.
            if (language == SourceLanguage.Java && kind == SymbolKinds.Method && IsJavaRecord(source, nameOffset))
            {
                kind = SymbolKinds.Record;
            }

            // Locals (TypeScript reports a function's constants) are nobody else's definitions.
            if (CtagsKinds.IsCallableScope(tag.ScopeKind) && !SymbolKinds.IsCallable(kind) && !SymbolKinds.IsType(kind))
            {
                continue;
            }

            // ctags 5.9 gives a constant inside a callback (`it("...", () => { const body = ... })`) no scope at all: with
            // brackets open at its line and no enclosing type or namespace, it is a local too.
            if (language.IsScript() && tag.ScopeKind is null && kind is SymbolKinds.Constant or SymbolKinds.Variable && source.DepthAt(line) > 0)
            {
                continue;
            }

            var end = tag.End ?? (kind == SymbolKinds.Namespace ? source.LineCount : BlockEnds.EndLine(source, language, nameOffset));
            if (seen.Add((name, kind, line)))
            {
                definitions.Add(new SymbolDefinition(name, kind, file.Path, line, Math.Clamp(end, line, source.LineCount), CtagsKinds.Scope(language, tag.Scope, tag.ScopeKind)));
            }
        }

        if (language == SourceLanguage.Rust)
        {
            // ctags 5.9's Rust parser tags no `const` item: the built-in parser's definitions fill in what it left out.
            return Sorted(BuiltInDefinitions.Merge(definitions, FallbackSymbolExtractor.Extract(file)));
        }

        if (language.IsScript())
        {
            // ctags 5.9's TypeScript parser loses its place in a class body after a field with an initialiser and drops
            // every later member; the built-in parser's definitions fill in what it left out, and overloads are joined.
            var builtIn = FallbackSymbolExtractor.Extract(file);
            return Overloads.Join(Sorted(BuiltInDefinitions.Merge(BuiltInDefinitions.Widened(definitions, builtIn), builtIn)), source, language);
        }

        return Sorted(definitions);
    }

    private static List<SymbolDefinition> Sorted(IEnumerable<SymbolDefinition> definitions) =>
        [.. definitions.OrderBy(d => d.StartLine).ThenByDescending(d => d.EndLine)];

    /// <summary>
    /// TypeScript and JavaScript kinds as the review engine wants them. ctags 5.9 calls a variable holding a function a
    /// constant, and a variable holding an object literal (or a function with prototype methods) a class; null drops a
    /// tag that is no definition at all.
    /// </summary>
    private static string? ScriptKind(MaskedSource source, int line, string name, int nameOffset, string kind, string? scopeKind)
    {
        var declared = source.Masked[source.LineStart(line)..nameOffset];
        if (NotNames.Contains(name) || (kind == SymbolKinds.Type && !declared.TrimEnd().EndsWith("type", StringComparison.Ordinal)))
        {
            // A misreading: a keyword as a name, or the type after `as`, `satisfies` or `instanceof` as a type alias.
            return null;
        }

        if (kind == SymbolKinds.Class && HasWord(declared, "class"))
        {
            return kind;
        }

        if (kind is SymbolKinds.Class or SymbolKinds.Constant or SymbolKinds.Variable or SymbolKinds.Property or SymbolKinds.Field)
        {
            if (HasWord(declared, "function") || FunctionValues.IsFunctionValue(source, nameOffset + name.Length))
            {
                return scopeKind is "class" ? SymbolKinds.Method : SymbolKinds.Function;
            }

            return kind != SymbolKinds.Class ? kind : HasWord(declared, "const") ? SymbolKinds.Constant : SymbolKinds.Variable;
        }

        return kind;
    }

    /// <summary>The lines of import and re-export statements, where ctags 5.9 reads <c>import {type X}</c> as a type alias X.</summary>
    private static HashSet<int> ImportLines(MaskedSource source)
    {
        var lines = new HashSet<int>();
        for (var line = 1; line <= source.LineCount; line++)
        {
            var text = source.Line(line).TrimStart();
            if (source.DepthAt(line) == 0 && IsImportOrReexport(text))
            {
                var end = BlockEnds.EndLine(source, SourceLanguage.TypeScript, source.LineStart(line) + source.Line(line).Length - text.Length);
                for (var covered = line; covered <= end; covered++)
                {
                    lines.Add(covered);
                }

                line = Math.Max(line, end);
            }
        }

        return lines;
    }

    private static bool IsImportOrReexport(string text) =>
        text.StartsWith("import ", StringComparison.Ordinal) || text.StartsWith("import{", StringComparison.Ordinal)
        || text.StartsWith("export {", StringComparison.Ordinal) || text.StartsWith("export type {", StringComparison.Ordinal)
        || text.StartsWith("export *", StringComparison.Ordinal);

    private static bool HasWord(string text, string word)
    {
        for (var i = text.IndexOf(word, StringComparison.Ordinal); i >= 0; i = text.IndexOf(word, i + 1, StringComparison.Ordinal))
        {
            var end = i + word.Length;
            if ((i == 0 || !CodeMasker.IsIdentifierChar(text[i - 1])) && (end == text.Length || !CodeMasker.IsIdentifierChar(text[end])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsJavaRecord(MaskedSource source, int nameOffset)
    {
        var before = source.Masked[source.LineStart(source.LineOf(nameOffset))..nameOffset].TrimEnd();
        return before.EndsWith("record", StringComparison.Ordinal) && (before.Length == 6 || !CodeMasker.IsIdentifierChar(before[^7]));
    }

    /// <summary>The offset of <paramref name="name"/> as a whole word on its line, else of the line's start.</summary>
    private static int FindName(MaskedSource source, int line, string name)
    {
        var start = source.LineStart(line);
        var text = source.Masked;
        var end = source.LineEnd(line);
        for (var i = text.IndexOf(name, start, end - start, StringComparison.Ordinal); i >= 0; i = text.IndexOf(name, i + 1, end - i - 1, StringComparison.Ordinal))
        {
            var before = i > 0 ? text[i - 1] : ' ';
            var after = i + name.Length < text.Length ? text[i + name.Length] : ' ';
            if (!CodeMasker.IsIdentifierChar(before) && !CodeMasker.IsIdentifierChar(after))
            {
                return i;
            }
        }

        return start;
    }
}
