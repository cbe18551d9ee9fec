namespace ReviewBot.Context.Symbols.Parsing;

/// <summary>
/// Where a definition ends, given where its name is: the brace that closes its body, the semicolon of a declaration
/// without one, or (Python) the last line indented deeper than the definition.
/// </summary>
internal static class BlockEnds
{
    /// <summary>The last line of the definition whose name starts at <paramref name="nameOffset"/>.</summary>
    public static int EndLine(MaskedSource source, SourceLanguage language, int nameOffset) =>
        Find(source, language, nameOffset).End;

    /// <summary>Whether the definition whose name starts at <paramref name="nameOffset"/> has a braced body (an overload signature has none).</summary>
    public static bool HasBody(MaskedSource source, SourceLanguage language, int nameOffset) =>
        language != SourceLanguage.Python && BracedEnd(source, language, nameOffset).HasBody;

    /// <summary>
    /// The definition's extent: <c>HeaderEnd</c> is the line of the brace that opens its body (the header may span
    /// lines: parameters, <c>extends</c> lists), <c>End</c> its last line. Without a body the header is the first line:
    /// a declaration like <c>const x = make(() =&gt; { ... })</c> may hold definitions in what follows.
    /// </summary>
    public static (int HeaderEnd, int End) Find(MaskedSource source, SourceLanguage language, int nameOffset)
    {
        if (language != SourceLanguage.Python)
        {
            var (headerEnd, end, _) = BracedEnd(source, language, nameOffset);
            return (headerEnd, end);
        }

        var line = source.LineOf(nameOffset);
        return (line, IndentedEnd(source, line));
    }

    /// <summary>
    /// Scans forward over bracketed parts (parameters, generics in square brackets, attributes); the first <c>{</c>
    /// outside them opens the body and its match ends the definition, a <c>;</c> ends a declaration without a body,
    /// and in Go, TypeScript and JavaScript so does the end of a line that does not continue on the next. TypeScript
    /// type parameters right after the name are skipped first: a default like <c>I extends Input = {}</c> is no body.
    /// </summary>
    private static (int HeaderEnd, int End, bool HasBody) BracedEnd(MaskedSource source, SourceLanguage language, int offset)
    {
        var text = source.Masked;
        var automaticSemicolons = language is SourceLanguage.Go || language.IsScript();
        var start = source.LineOf(offset);
        var lastCode = offset;
        var afterParameters = false;
        for (var i = language.IsScript() ? AfterTypeParameters(source, offset) : offset; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(' or '[':
                    var close = source.MatchOf(i);
                    if (close < 0)
                    {
                        return (start, source.LineCount, false);
                    }

                    afterParameters |= text[i] == '(';
                    i = lastCode = close;
                    break;
                case '{' when language == SourceLanguage.Go && afterParameters && EndsWithWord(text, i, "struct", "interface") && source.MatchOf(i) is var literal and >= 0:
                    // A type literal in a result type (`func f() []struct{ ... } {`), not the body.
                    i = lastCode = literal;
                    break;
                case '{':
                    var end = source.MatchOf(i);
                    return (source.LineOf(i), end < 0 ? source.LineCount : source.LineOf(end), true);
                case ';':
                    return (start, source.LineOf(i), false);
                case ')' or ']' or '}':
                    // The enclosing block closes first: the declaration ended with its last code.
                    return (start, source.LineOf(lastCode), false);
                case '\n' when automaticSemicolons && StatementEndsAt(source, i):
                    return (start, source.LineOf(lastCode), false);
                case var c when !char.IsWhiteSpace(c):
                    lastCode = i;
                    break;
            }
        }

        return (start, source.LineCount, false);
    }

    /// <summary>
    /// Past the name at <paramref name="offset"/> and the balanced <c>&lt;...&gt;</c> that directly follows it, if any;
    /// else <paramref name="offset"/>. Brackets inside are skipped whole and the <c>&gt;</c> of <c>=&gt;</c> closes nothing.
    /// </summary>
    private static int AfterTypeParameters(MaskedSource source, int offset)
    {
        var text = source.Masked;
        var i = offset;
        while (i < text.Length && (CodeMasker.IsIdentifierChar(text[i]) || text[i] == '#'))
        {
            i++;
        }

        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        if (i == offset || i >= text.Length || text[i] != '<')
        {
            return offset;
        }

        for (int k = i + 1, depth = 1; k < text.Length; k++)
        {
            switch (text[k])
            {
                case '(' or '[' or '{':
                    k = source.MatchOf(k);
                    if (k < 0)
                    {
                        return offset;
                    }

                    break;
                case '<':
                    depth++;
                    break;
                case '>' when text[k - 1] != '=':
                    if (--depth == 0)
                    {
                        return k + 1;
                    }

                    break;
                case ';' or ')' or ']' or '}':
                    return offset;
            }
        }

        return offset;
    }

    private static bool EndsWithWord(string text, int end, params string[] words)
    {
        var i = end;
        while (i > 0 && char.IsWhiteSpace(text[i - 1]))
        {
            i--;
        }

        return words.Any(w => i >= w.Length && string.CompareOrdinal(text, i - w.Length, w, 0, w.Length) == 0
            && (i == w.Length || !CodeMasker.IsIdentifierChar(text[i - w.Length - 1])));
    }

    /// <summary>A line break ends a statement unless the line ends in an operator or the next line starts with one.</summary>
    private static bool StatementEndsAt(MaskedSource source, int newline)
    {
        var text = source.Masked;
        var before = newline - 1;
        while (before >= 0 && char.IsWhiteSpace(text[before]) && text[before] != '\n')
        {
            before--;
        }

        if (before < 0 || text[before] == '\n' || ",([=+-*/%&|^!?:.<>".Contains(text[before], StringComparison.Ordinal))
        {
            return false;
        }

        var after = newline + 1;
        while (after < text.Length && char.IsWhiteSpace(text[after]))
        {
            after++;
        }

        // `>` closes a generic or JSX tag that spans lines: `extends Base<\n  Props\n> {`
        return after >= text.Length || !".?:{=|&,>".Contains(text[after], StringComparison.Ordinal);
    }

    /// <summary>
    /// Python: the block of a <c>def</c> or <c>class</c> line runs while lines are indented deeper. Blank and comment
    /// lines neither end nor extend it; lines inside brackets, after a backslash or inside a multi-line string continue
    /// the statement above whatever their indentation.
    /// </summary>
    private static int IndentedEnd(MaskedSource source, int startLine)
    {
        var indent = Indentation(source.Line(startLine));
        var end = startLine;
        var continued = UpdateContinuation(source.Line(startLine), 0, out var depth);
        for (var line = startLine + 1; line <= source.LineCount; line++)
        {
            var text = source.Line(line);
            var isContinuation = continued || source.StartsInLiteral(line);
            if (string.IsNullOrWhiteSpace(text) && !isContinuation)
            {
                continue;
            }

            if (!isContinuation && Indentation(text) <= indent)
            {
                break;
            }

            end = line;
            continued = UpdateContinuation(text, depth, out depth);
        }

        return end;
    }

    /// <summary>Whether the next line continues this one: open brackets or a trailing backslash.</summary>
    private static bool UpdateContinuation(string line, int depth, out int newDepth)
    {
        foreach (var c in line)
        {
            depth += c is '(' or '[' or '{' ? 1 : c is ')' or ']' or '}' ? -1 : 0;
        }

        newDepth = Math.Max(depth, 0);
        return newDepth > 0 || line.TrimEnd().EndsWith('\\');
    }

    /// <summary>Leading whitespace width; a tab advances to the next multiple of 8, as Python's tokenizer does.</summary>
    internal static int Indentation(string line)
    {
        var width = 0;
        foreach (var c in line)
        {
            if (c == ' ')
            {
                width++;
            }
            else if (c == '\t')
            {
                width = (width / 8 + 1) * 8;
            }
            else
            {
                break;
            }
        }

        return width;
    }
}
