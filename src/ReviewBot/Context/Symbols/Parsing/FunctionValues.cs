namespace ReviewBot.Context.Symbols.Parsing;

/// <summary>
/// TypeScript and JavaScript: whether a variable or class property holds a function (<c>const f = (a) =&gt; ...</c>,
/// <c>= async x =&gt; ...</c>, <c>= function (...)</c>). Ctags calls those constants; the review engine wants them as
/// functions, since that is what callers call.
/// </summary>
internal static class FunctionValues
{
    // How far past the `=` to look for the `=>`; parameter lists are jumped over whole, so this bounds type annotations only.
    private const int MaxLookahead = 400;

    /// <summary>True when the declaration whose name ends at <paramref name="nameEnd"/> is assigned a function.</summary>
    public static bool IsFunctionValue(MaskedSource source, int nameEnd)
    {
        var equals = FindAssignment(source, nameEnd);
        return equals >= 0 && StartsFunction(source, equals + 1);
    }

    /// <summary>The offset of the <c>=</c> after a declared name (past any type annotation), or -1.</summary>
    private static int FindAssignment(MaskedSource source, int from)
    {
        var text = source.Masked;
        var angles = 0;
        for (var i = from; i < text.Length && i - from < MaxLookahead; i++)
        {
            switch (text[i])
            {
                case '(' or '[' when source.MatchOf(i) is var close and >= 0:
                    i = close;
                    break;
                case '=' when Next(text, i) is '>':
                    i++;
                    break;
                case '=':
                    return angles == 0 ? i : -1;
                case '<':
                    angles++;
                    break;
                case '>':
                    angles--;
                    break;
                case ',' when angles > 0:
                    break;
                case ';' or '{' or '\n' or ',' or ')' or ']':
                    return -1;
            }
        }

        return -1;
    }

    private static bool StartsFunction(MaskedSource source, int from)
    {
        var text = source.Masked;
        var i = SkipSpace(text, from);
        if (IsWord(text, i, "async"))
        {
            i = SkipSpace(text, i + 5);
        }

        if (IsWord(text, i, "function"))
        {
            return true;
        }

        if (i < text.Length && text[i] == '<')
        {
            // A generic arrow function: <T>(x: T) => x
            var close = text.IndexOf('>', i);
            i = close < 0 ? text.Length : SkipSpace(text, close + 1);
        }

        if (i < text.Length && text[i] == '(')
        {
            var close = source.MatchOf(i);
            return close >= 0 && ArrowFollows(source, close + 1);
        }

        var start = i;
        while (i < text.Length && CodeMasker.IsIdentifierChar(text[i]))
        {
            i++;
        }

        return i > start && ArrowFollows(source, i);
    }

    /// <summary>An <c>=&gt;</c> after the parameters, possibly behind a return type annotation.</summary>
    private static bool ArrowFollows(MaskedSource source, int from)
    {
        var text = source.Masked;
        var i = SkipSpace(text, from);
        if (i < text.Length && text[i] == ':')
        {
            for (var limit = i + MaxLookahead; i < text.Length && i < limit; i++)
            {
                if (text[i] is '(' or '[' && source.MatchOf(i) is var close and >= 0)
                {
                    i = close;
                }
                else if (text[i] is '=' && Next(text, i) == '>')
                {
                    return true;
                }
                else if (text[i] is ';' or '{' or '=' or ',')
                {
                    return false;
                }
            }

            return false;
        }

        return i + 1 < text.Length && text[i] == '=' && text[i + 1] == '>';
    }

    private static int SkipSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsWord(string text, int i, string word) =>
        string.CompareOrdinal(text, i, word, 0, word.Length) == 0
        && (i + word.Length >= text.Length || !CodeMasker.IsIdentifierChar(text[i + word.Length]));

    private static char Next(string text, int i) => i + 1 < text.Length ? text[i + 1] : '\0';
}
