namespace ReviewBot.Context.Symbols.Parsing;

/// <summary>
/// Blanks the content of string and character literals, comments and regex literals, keeping newlines, the quotes
/// (so a line holding only a string is still a line of code) and the code inside interpolation holes
/// (<c>$"{x}"</c>, <c>f"{x}"</c>, <c>`${x}`</c>), so that what is left can be matched with regexes and brackets.
/// A lexer, not a parser: it knows each language's literal and comment syntax and nothing else.
/// </summary>
internal sealed class CodeMasker
{
    // Interpolations nested deeper than this are blanked whole; a guard against a stack overflow on hostile input.
    private const int MaxHoleDepth = 16;

    private static readonly HashSet<string> WordsBeforeRegex = ["return", "typeof", "case", "do", "else", "in", "of", "yield", "await", "void", "delete", "throw", "instanceof", "new"];

    private readonly string _text;
    private readonly SourceLanguage _language;
    private readonly char[] _masked;
    private readonly HashSet<int> _literalLineStarts = [];
    private int _pos;

    private CodeMasker(string text, SourceLanguage language)
    {
        _text = text;
        _language = language;
        _masked = text.ToCharArray();
    }

    public static MaskedSource Mask(string text, SourceLanguage language)
    {
        ArgumentNullException.ThrowIfNull(text);
        var masker = new CodeMasker(text, language);
        masker.ScanCode(holeDepth: 0, formats: false);
        return new MaskedSource(new string(masker._masked), masker._literalLineStarts);
    }

    /// <summary>Scans code to the end, or inside a hole to its closing brace (or to the format after a <c>:</c>).</summary>
    /// <returns>True when a hole ended at a format specifier rather than at its closing brace.</returns>
    private bool ScanCode(int holeDepth, bool formats)
    {
        var braces = 0;
        var brackets = 0;
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (holeDepth > 0)
            {
                if (c == '}' && braces == 0)
                {
                    return false;
                }

                if (formats && braces == 0 && brackets <= 0 && StartsFormat(c))
                {
                    return true;
                }

                braces += c == '{' ? 1 : c == '}' ? -1 : 0;
                brackets += c is '(' or '[' ? 1 : c is ')' or ']' ? -1 : 0;
            }

            if (StartsLineComment())
            {
                BlankUntilLineEnd();
            }
            else if (NextIs("/*") && _language != SourceLanguage.Python)
            {
                BlankUntil("*/");
            }
            else if (StringAt() is { } syntax)
            {
                ScanString(syntax, holeDepth);
            }
            else if (c == '/' && _language.IsScript() && RegexEndAt() is var end and > 0)
            {
                Blank(_pos, end);
                _pos = end;
            }
            else
            {
                _pos++;
            }
        }

        return false;
    }

    private void ScanString(StringSyntax syntax, int holeDepth)
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (syntax.DoubledQuote && NextIs("\"\""))
            {
                Blank(_pos, _pos + 2);
                _pos += 2;
            }
            else if (NextIs(syntax.Close))
            {
                _pos += syntax.Close.Length;
                return;
            }
            else if (c == '\\' && syntax.Backslash && _pos + 1 < _text.Length)
            {
                Blank(_pos, _pos + 2);
                _pos += 2;
            }
            else if (c == '\n' && !syntax.Multiline)
            {
                return;
            }
            else if (syntax.Holes == HoleSyntax.Braces && NextIs("{{"))
            {
                Blank(_pos, _pos + 2);
                _pos += 2;
            }
            else if ((syntax.Holes == HoleSyntax.Braces && c == '{') || (syntax.Holes == HoleSyntax.DollarBraces && NextIs("${")))
            {
                var open = c == '{' ? 1 : 2;
                Blank(_pos, _pos + open);
                _pos += open;
                ScanHole(syntax, holeDepth);
            }
            else
            {
                Blank(_pos, _pos + 1);
                _pos++;
            }
        }
    }

    private void ScanHole(StringSyntax syntax, int holeDepth)
    {
        if (holeDepth >= MaxHoleDepth)
        {
            return;
        }

        if (ScanCode(holeDepth + 1, formats: syntax.Holes == HoleSyntax.Braces))
        {
            // A format specifier (`{x:F2}`, `{x!r:>8}`) is literal text up to the closing brace.
            var depth = 0;
            while (_pos < _text.Length && (_text[_pos] != '}' || depth > 0) && !(_text[_pos] == '\n' && !syntax.Multiline))
            {
                depth += _text[_pos] == '{' ? 1 : _text[_pos] == '}' ? -1 : 0;
                Blank(_pos, _pos + 1);
                _pos++;
            }
        }

        if (_pos < _text.Length && _text[_pos] == '}')
        {
            Blank(_pos, _pos + 1);
            _pos++;
        }
    }

    private StringSyntax? StringAt()
    {
        var c = _text[_pos];
        switch (_language)
        {
            case SourceLanguage.Python when c is '"' or '\'':
            {
                var quote = c.ToString();
                var triple = NextIs(new string(c, 3));
                var formatted = PythonPrefix().Contains('f', StringComparison.OrdinalIgnoreCase);
                return Open(new StringSyntax(triple ? new string(c, 3) : quote, true, false, triple, formatted ? HoleSyntax.Braces : HoleSyntax.None));
            }

            case SourceLanguage.CSharp when c == '"':
            {
                var quotes = CountRun('"');
                if (quotes >= 3)
                {
                    return Open(new StringSyntax(new string('"', quotes), false, false, true, HoleSyntax.None), quotes);
                }

                var prefix = _text.AsSpan(Math.Max(0, _pos - 2), Math.Min(2, _pos));
                var verbatim = prefix.EndsWith("@") || prefix.SequenceEqual("@$");
                var interpolated = prefix.EndsWith("$") || prefix.SequenceEqual("$@");
                return Open(new StringSyntax("\"", !verbatim, verbatim, verbatim, interpolated ? HoleSyntax.Braces : HoleSyntax.None));
            }

            case SourceLanguage.Java when c == '"' && NextIs("\"\"\""):
                return Open(new StringSyntax("\"\"\"", true, false, true, HoleSyntax.None), 3);
            case SourceLanguage.CSharp or SourceLanguage.Java or SourceLanguage.Go when c is '"' or '\'':
                return Open(new StringSyntax(c.ToString(), true, false, false, HoleSyntax.None));
            case SourceLanguage.Go when c == '`':
                return Open(new StringSyntax("`", false, false, true, HoleSyntax.None));
            case SourceLanguage.TypeScript or SourceLanguage.JavaScript when c is '"' or '\'':
                return Open(new StringSyntax(c.ToString(), true, false, false, HoleSyntax.None));
            case SourceLanguage.TypeScript or SourceLanguage.JavaScript when c == '`':
                return Open(new StringSyntax("`", true, false, true, HoleSyntax.DollarBraces));
            default:
                return null;
        }
    }

    /// <summary>Steps over the opening delimiter and returns the syntax for the rest.</summary>
    private StringSyntax Open(StringSyntax syntax, int length = 0)
    {
        _pos += length > 0 ? length : syntax.Close.Length;
        return syntax;
    }

    /// <summary>A format specifier after a hole's expression: <c>:</c> (C#, Python) or a conversion <c>!r</c> (Python).</summary>
    private bool StartsFormat(char c) => c switch
    {
        ':' => Peek(1) != ':',
        '!' => _language == SourceLanguage.Python && Peek(1) is 'r' or 's' or 'a' && Peek(2) is ':' or '}',
        _ => false,
    };

    private char Peek(int ahead) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private string PythonPrefix()
    {
        var start = _pos;
        while (start > 0 && _pos - start < 2 && "rRbBuUfF".Contains(_text[start - 1], StringComparison.Ordinal))
        {
            start--;
        }

        return start > 0 && IsIdentifierChar(_text[start - 1]) ? "" : _text[start.._pos];
    }

    private bool StartsLineComment() => _language switch
    {
        SourceLanguage.Python => _text[_pos] == '#',
        SourceLanguage.Unknown => false,
        _ => NextIs("//"),
    };

    /// <summary>The end of a JavaScript regex literal starting here, or -1 when this slash is a division.</summary>
    private int RegexEndAt()
    {
        if (NextIs("//") || NextIs("/*") || !RegexMayStartAfter())
        {
            return -1;
        }

        var inClass = false;
        for (var i = _pos + 1; i < _text.Length && _text[i] != '\n'; i++)
        {
            switch (_text[i])
            {
                case '\\':
                    i++;
                    break;
                case '[':
                    inClass = true;
                    break;
                case ']':
                    inClass = false;
                    break;
                case '/' when !inClass:
                    return i + 1;
            }
        }

        return -1;
    }

    private bool RegexMayStartAfter()
    {
        // Looks at the text, not the mask: after a string literal a slash divides.
        var i = _pos - 1;
        while (i >= 0 && char.IsWhiteSpace(_text[i]))
        {
            i--;
        }

        if (i < 0 || "(,=:[!&|?{};+-*%<>~^".Contains(_text[i], StringComparison.Ordinal))
        {
            return true;
        }

        var end = i + 1;
        while (i >= 0 && IsIdentifierChar(_text[i]))
        {
            i--;
        }

        return WordsBeforeRegex.Contains(_text[(i + 1)..end]);
    }

    private void BlankUntilLineEnd()
    {
        var end = _text.IndexOf('\n', _pos);
        end = end < 0 ? _text.Length : end;
        Blank(_pos, end);
        _pos = end;
    }

    private void BlankUntil(string close)
    {
        var end = _text.IndexOf(close, _pos + close.Length, StringComparison.Ordinal);
        end = end < 0 ? _text.Length : end + close.Length;
        Blank(_pos, end);
        _pos = end;
    }

    /// <summary>Blanks [start, end) except newlines, and records lines that begin inside the blanked run.</summary>
    private void Blank(int start, int end)
    {
        end = Math.Min(end, _text.Length);
        for (var i = start; i < end; i++)
        {
            if (_text[i] == '\n')
            {
                _literalLineStarts.Add(i + 1);
            }
            else if (_text[i] != '\r')
            {
                _masked[i] = ' ';
            }
        }
    }

    private bool NextIs(string s) => string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;

    private int CountRun(char c)
    {
        var end = _pos;
        while (end < _text.Length && _text[end] == c)
        {
            end++;
        }

        return end - _pos;
    }

    internal static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';
}
