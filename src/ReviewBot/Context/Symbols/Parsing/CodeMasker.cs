namespace ReviewBot.Context.Symbols.Parsing;

/// <summary>
/// Blanks the content of string and character literals, comments and regex literals, keeping newlines, the quotes
/// (so a line holding only a string is still a line of code) and the code inside interpolation holes
/// (<c>$"{x}"</c>, <c>f"{x}"</c>, <c>`${x}`</c>), so that what is left can be matched with regexes and brackets.
/// A lexer, not a parser: it knows each language's literal and comment syntax and nothing else.
/// </summary>
internal sealed partial class CodeMasker
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
