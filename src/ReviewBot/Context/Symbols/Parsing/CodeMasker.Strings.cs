namespace ReviewBot.Context.Symbols.Parsing;

/// <summary>String literals: which syntax starts here, and scanning one to its end, holes included.</summary>
internal sealed partial class CodeMasker
{
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
            case SourceLanguage.Rust:
                return RustStringAt(c);
            case SourceLanguage.TypeScript or SourceLanguage.JavaScript when c is '"' or '\'':
                return Open(new StringSyntax(c.ToString(), true, false, false, HoleSyntax.None));
            case SourceLanguage.TypeScript or SourceLanguage.JavaScript when c == '`':
                return Open(new StringSyntax("`", true, false, true, HoleSyntax.DollarBraces));
            default:
                return null;
        }
    }

    /// <summary>
    /// Rust: <c>"..."</c> and <c>b"..."</c> may span lines; raw strings <c>r#"..."#</c> end at a quote with as many
    /// hashes and know no escapes; <c>'x'</c> and <c>'\n'</c> are characters, but <c>'a</c> in <c>&amp;'a str</c> is a lifetime.
    /// </summary>
    private StringSyntax? RustStringAt(char c)
    {
        if (c == '"')
        {
            return Open(new StringSyntax("\"", true, false, true, HoleSyntax.None));
        }

        if (c == '\'')
        {
            var isChar = Peek(1) == '\\' || (Peek(2) == '\'' && Peek(1) != '\'') || (char.IsHighSurrogate(Peek(1)) && Peek(3) == '\'');
            return isChar ? Open(new StringSyntax("'", true, false, false, HoleSyntax.None)) : null;
        }

        var prefixStart = _pos > 0 && _text[_pos - 1] == 'b' ? _pos - 1 : _pos;
        if (c != 'r' || (prefixStart > 0 && IsIdentifierChar(_text[prefixStart - 1])))
        {
            return null;
        }

        var hashes = 0;
        while (Peek(1 + hashes) == '#')
        {
            hashes++;
        }

        return Peek(1 + hashes) == '"' ? Open(new StringSyntax("\"" + new string('#', hashes), false, false, true, HoleSyntax.None), hashes + 2) : null;
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
}
