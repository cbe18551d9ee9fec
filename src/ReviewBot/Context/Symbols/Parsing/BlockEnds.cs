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

    /// <summary>
    /// The definition's extent: <c>HeaderEnd</c> is the line of the brace that opens its body (the header may span
    /// lines: parameters, <c>extends</c> lists), <c>End</c> its last line. Without a body the header is the first line:
    /// a declaration like <c>const x = make(() =&gt; { ... })</c> may hold definitions in what follows.
    /// </summary>
    public static (int HeaderEnd, int End) Find(MaskedSource source, SourceLanguage language, int nameOffset)
    {
        if (language != SourceLanguage.Python)
        {
            return BracedEnd(source, language, nameOffset);
        }

        var line = source.LineOf(nameOffset);
        return (line, IndentedEnd(source, line));
    }

    /// <summary>
    /// Scans forward over bracketed parts (parameters, generics in square brackets, attributes); the first <c>{</c>
    /// outside them opens the body and its match ends the definition, a <c>;</c> ends a declaration without a body,
    /// and in Go, TypeScript and JavaScript so does the end of a line that does not continue on the next.
    /// </summary>
    private static (int HeaderEnd, int End) BracedEnd(MaskedSource source, SourceLanguage language, int offset)
    {
        var text = source.Masked;
        var automaticSemicolons = language is SourceLanguage.Go || language.IsScript();
        var start = source.LineOf(offset);
        var lastCode = offset;
        var afterParameters = false;
        for (var i = offset; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(' or '[':
                    var close = source.MatchOf(i);
                    if (close < 0)
                    {
                        return (start, source.LineCount);
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
                    return (source.LineOf(i), end < 0 ? source.LineCount : source.LineOf(end));
                case ';':
                    return (start, source.LineOf(i));
                case ')' or ']' or '}':
                    // The enclosing block closes first: the declaration ended with its last code.
                    return (start, source.LineOf(lastCode));
                case '\n' when automaticSemicolons && StatementEndsAt(source, i):
                    return (start, source.LineOf(lastCode));
                case var c when !char.IsWhiteSpace(c):
                    lastCode = i;
                    break;
            }
        }

        return (start, source.LineCount);
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
