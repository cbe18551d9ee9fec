namespace ReviewBot.Context.Symbols.Parsing;

/// <summary>
/// A file's text with string and character literals and comments replaced by spaces (newlines kept, so offsets and
/// line numbers are those of the original), and a table of matching brackets over what is left. Regexes and bracket
/// matching run on <see cref="Masked"/>, so a <c>{</c> in a string or a <c>def</c> in a docstring is never seen.
/// </summary>
internal sealed class MaskedSource
{
    private readonly int[] _lineStarts;
    private readonly bool[] _startsInLiteral;
    private int[]? _matches;
    private int[]? _depths;

    /// <param name="masked">The text with literals and comments blanked.</param>
    /// <param name="literalLineStarts">Offsets of line starts that lie inside a multi-line literal or comment.</param>
    public MaskedSource(string masked, IReadOnlySet<int> literalLineStarts)
    {
        Masked = masked;
        var starts = new List<int> { 0 };
        for (var i = 0; i < masked.Length; i++)
        {
            if (masked[i] == '\n' && i + 1 < masked.Length)
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = [.. starts];
        _startsInLiteral = [.. _lineStarts.Select(literalLineStarts.Contains)];
    }

    public string Masked { get; }

    public int LineCount => _lineStarts.Length;

    /// <summary>Offset of the first character of a 1-based line.</summary>
    public int LineStart(int line) => _lineStarts[line - 1];

    /// <summary>Offset just past the last character of a 1-based line, before its <c>\r\n</c> or <c>\n</c>.</summary>
    public int LineEnd(int line)
    {
        var start = LineStart(line);
        var end = line < _lineStarts.Length ? _lineStarts[line] : Masked.Length;
        if (end > start && Masked[end - 1] == '\n')
        {
            end--;
        }

        if (end > start && Masked[end - 1] == '\r')
        {
            end--;
        }

        return end;
    }

    /// <summary>The masked text of a 1-based line.</summary>
    public string Line(int line) => Masked[LineStart(line)..LineEnd(line)];

    /// <summary>The 1-based line of an offset.</summary>
    public int LineOf(int offset)
    {
        var index = Array.BinarySearch(_lineStarts, offset);
        return index >= 0 ? index + 1 : ~index;
    }

    /// <summary>True when the line begins inside a multi-line string or comment.</summary>
    public bool StartsInLiteral(int line) => _startsInLiteral[line - 1];

    /// <summary>The offset of the bracket matching the opening bracket at <paramref name="offset"/>, or -1 when it is never closed.</summary>
    public int MatchOf(int offset) => (_matches ??= MatchBrackets(Masked))[offset];

    /// <summary>How many brackets are open where a 1-based line begins: above zero, the line continues an expression.</summary>
    public int DepthAt(int line) => (_depths ??= Depths())[line - 1];

    private int[] Depths()
    {
        var depths = new int[_lineStarts.Length];
        var depth = 0;
        for (var line = 1; line <= _lineStarts.Length; line++)
        {
            depths[line - 1] = depth;
            for (var i = LineStart(line); i < LineEnd(line); i++)
            {
                depth = Math.Max(0, depth + Masked[i] switch
                {
                    '(' or '[' or '{' => 1,
                    ')' or ']' or '}' => -1,
                    _ => 0,
                });
            }
        }

        return depths;
    }

    private static int[] MatchBrackets(string text)
    {
        var matches = new int[text.Length];
        Array.Fill(matches, -1);
        var open = new Stack<int>();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '(' or '[' or '{')
            {
                open.Push(i);
            }
            else if (c is ')' or ']' or '}' && HasOpener(open, text, c))
            {
                // A stray closer is ignored; openers left inside a closed pair stay unmatched.
                while (!Closes(text[open.Peek()], c))
                {
                    open.Pop();
                }

                matches[open.Pop()] = i;
            }
        }

        return matches;
    }

    // A loop, not LINQ: this runs for every closing bracket of every file the index reads.
    private static bool HasOpener(Stack<int> open, string text, char closer)
    {
        foreach (var o in open)
        {
            if (Closes(text[o], closer))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Closes(char opener, char closer) =>
        (opener, closer) is ('(', ')') or ('[', ']') or ('{', '}');
}
