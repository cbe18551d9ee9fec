using System.Text;
using System.Text.RegularExpressions;

namespace ReviewBot.Publishing;

public sealed partial class MarkdownDefanger
{
    /// <summary>
    /// Fenced code is kept as it is (nothing in it renders); everything else is defanged as inline text, a run of lines at a
    /// time so that a link over two lines is seen whole. A fence left open is closed, so that what follows is not code.
    /// </summary>
    private string Blocks(string text, bool startsLine)
    {
        var output = new List<string>();
        var prose = new List<string>();
        OpenFence? fence = null;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (fence is { } open)
            {
                if (open.ClosedBy(line))
                {
                    output.Add(line);
                    fence = null;
                    continue;
                }
                if (line.Trim().Length == 0 || Indentation(line) >= open.Indent)
                {
                    output.Add(line);
                    continue;
                }
                // Less indented than its fence: the list item the fence was in has ended, and the fence with it.
                fence = null;
            }
            if ((i > 0 || startsLine) && OpenFence.At(line) is { } opening)
            {
                if (prose.Count > 0)
                {
                    output.Add(Inline(string.Join('\n', prose)));
                    prose.Clear();
                }
                output.Add(opening.Line);
                fence = opening;
                continue;
            }
            prose.Add(line);
        }
        if (prose.Count > 0)
        {
            output.Add(Inline(string.Join('\n', prose)));
        }
        if (fence is { } unclosed)
        {
            output.Add(unclosed.Closing);
        }
        return string.Join('\n', output);
    }

    private static int Indentation(string line)
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
                width += 4 - (width % 4);
            }
            else
            {
                break;
            }
        }
        return width;
    }

    /// <summary>A fence that opened a code block: its indentation, character and length, and its opening line as posted.</summary>
    private sealed partial record OpenFence(int Indent, char Char, int Length, string Line)
    {
        /// <summary>GitHub's closing line is at most 3 spaces in; any indentation closes here, so code never runs on past GitHub's.</summary>
        public bool ClosedBy(string line)
        {
            var trimmed = line.Trim(' ', '\t');
            return trimmed.Length >= Length && trimmed.All(c => c == Char);
        }

        public string Closing => new string(' ', Indent) + new string(Char, Length);

        public static OpenFence? At(string line)
        {
            var m = Pattern().Match(line);
            if (!m.Success || (m.Groups[2].Value[0] == '`' && m.Groups[3].Value.Contains('`', StringComparison.Ordinal)))
            {
                return null;
            }
            // Only the bot suggests changes, for exactly the lines of a finding: a suggestion block in the text is plain code.
            var info = m.Groups[3].Value;
            var shown = info.TrimStart().StartsWith("suggestion", StringComparison.OrdinalIgnoreCase) ? "" : info;
            return new OpenFence(m.Groups[1].Length, m.Groups[2].Value[0], m.Groups[2].Length, m.Groups[1].Value + m.Groups[2].Value + shown);
        }

        [GeneratedRegex(@"^( {0,3})(`{3,}|~{3,})(.*)$")]
        private static partial Regex Pattern();
    }
}
