using ReviewBot.Context.Symbols.Parsing;

namespace ReviewBot.Context.Symbols;

/// <summary>
/// The identifiers on one line of code, so the engine can look up what a changed line uses. One line at a time: a line
/// in the middle of a block comment or a multi-line string is read as code.
/// </summary>
public static class IdentifierScanner
{
    // Longer lines are minified or generated code; declarations are not read from them (the regexes would get slow).
    private const int MaxDefinitionLineLength = 2_000;

    /// <summary>
    /// Identifiers used on the line, distinct, in order of first use. Skipped: string and character literals (but not
    /// the code in interpolation holes), comments, numbers, the language's keywords and built-in names, and very common
    /// ones (<c>this</c>, <c>self</c>, <c>true</c>, <c>null</c>, <c>None</c>, ...). <c>foo.bar(baz)</c> gives foo, bar, baz.
    /// </summary>
    public static IReadOnlyList<string> Identifiers(string line, SourceLanguage language)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = CodeMasker.Mask(line, language).Masked;
        var keywords = LanguageKeywords.For(language);
        var found = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            if (char.IsDigit(text[i]))
            {
                // 0x1F, 1e10, 2.5f, 1_000L: one number, no identifiers in it.
                while (i < text.Length && (CodeMasker.IsIdentifierChar(text[i]) || text[i] == '.'))
                {
                    i++;
                }

                continue;
            }

            if (!IsIdentifierStart(text[i], language))
            {
                i++;
                continue;
            }

            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || (text[i] == '$' && language.IsScript())))
            {
                i++;
            }

            var word = text[start..i];
            if (!keywords.Contains(word) && !IsStringPrefix(text, i, word, language) && seen.Add(word))
            {
                found.Add(word);
            }
        }

        return found;
    }

    /// <summary>
    /// Identifiers the line defines rather than uses: the name of the type, function, method, property or variable it
    /// declares (<c>def foo(</c>, <c>func (r *R) Foo(</c>, <c>public int Bar(</c>, <c>class X</c>, <c>function f(</c>,
    /// <c>const g = (</c>), the parameters of a function or lambda it starts, and loop, catch and pattern variables.
    /// Same filtering and order as <see cref="Identifiers"/>; empty for lines over 2,000 characters.
    /// </summary>
    public static IReadOnlyList<string> Defined(string line, SourceLanguage language)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Length > MaxDefinitionLineLength)
        {
            return [];
        }

        var keywords = LanguageKeywords.For(language);
        return [.. DefinedNames.Find(CodeMasker.Mask(line, language).Masked, language)
            .OrderBy(d => d.Index)
            .Select(d => d.Name.TrimStart('#'))
            .Where(name => name.Length > 0 && !keywords.Contains(name))
            .Distinct(StringComparer.Ordinal)];
    }

    private static bool IsIdentifierStart(char c, SourceLanguage language) =>
        char.IsLetter(c) || c == '_' || (c == '$' && language.IsScript());

    /// <summary>Python's <c>f"..."</c>, <c>rb'...'</c>: the letters before a quote belong to the string.</summary>
    private static bool IsStringPrefix(string text, int end, string word, SourceLanguage language) =>
        language == SourceLanguage.Python && end < text.Length && text[end] is '"' or '\''
        && word.Length <= 2 && word.All(c => "rRbBuUfF".Contains(c, StringComparison.Ordinal));
}
