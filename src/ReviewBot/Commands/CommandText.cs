using System.Text;

namespace ReviewBot.Commands;

/// <summary>
/// The prose of a Markdown comment, line by line, with what GitHub renders as code or hides removed: HTML comments, fenced
/// code blocks (<c>```</c> or <c>~~~</c>, closed by a fence of the same character at least as long), indented code blocks,
/// quoted lines and inline code spans. A simplification of CommonMark that errs towards "not a command".
/// </summary>
public static class CommandText
{
    public static IEnumerable<string> ProseLines(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fence = "";
        var previousBlank = true;
        var inIndentedCode = false;
        foreach (var raw in WithoutHtmlComments(text).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var blank = string.IsNullOrWhiteSpace(raw);
            var indent = raw.Length - raw.TrimStart(' ', '\t').Length;
            var line = raw.Trim();
            if (fence.Length > 0)
            {
                if (line.StartsWith(fence, StringComparison.Ordinal) && line.TrimStart(fence[0]).Trim().Length == 0)
                {
                    fence = "";
                }

                continue;
            }

            inIndentedCode = !blank && (raw.StartsWith('\t') || indent >= 4) && (previousBlank || inIndentedCode);
            previousBlank = blank;
            if (inIndentedCode || blank)
            {
                continue;
            }

            if (FenceOpening(line) is { } opening)
            {
                fence = opening;
                continue;
            }

            if (line.StartsWith('>'))
            {
                continue;
            }

            yield return WithoutCodeSpans(line);
        }
    }

    private static string? FenceOpening(string line)
    {
        foreach (var c in "`~")
        {
            var run = line.Length - line.TrimStart(c).Length;
            if (run >= 3)
            {
                return new string(c, run);
            }
        }

        return null;
    }

    /// <summary>HTML comments are invisible on GitHub; an unterminated one hides the rest of the comment.</summary>
    private static string WithoutHtmlComments(string text)
    {
        var result = new StringBuilder(text.Length);
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf("<!--", at, StringComparison.Ordinal);
            if (open < 0)
            {
                result.Append(text, at, text.Length - at);
                break;
            }

            result.Append(text, at, open - at);
            var close = text.IndexOf("-->", open + 4, StringComparison.Ordinal);
            if (close < 0)
            {
                break;
            }

            // Keep the line breaks the comment spanned, so the lines after it keep their meaning.
            result.Append('\n', text.AsSpan(open, close - open).Count('\n'));
            at = close + 3;
        }

        return result.ToString();
    }

    /// <summary>Blanks inline code: a run of backticks up to the next run of the same length; an unclosed run is literal.</summary>
    private static string WithoutCodeSpans(string line)
    {
        if (!line.Contains('`', StringComparison.Ordinal))
        {
            return line;
        }

        var result = new StringBuilder(line.Length);
        var i = 0;
        while (i < line.Length)
        {
            if (line[i] != '`')
            {
                result.Append(line[i++]);
                continue;
            }

            var run = 0;
            while (i + run < line.Length && line[i + run] == '`')
            {
                run++;
            }

            var close = FindRun(line, i + run, run);
            if (close < 0)
            {
                result.Append(line, i, run);
                i += run;
                continue;
            }

            result.Append(' ');
            i = close + run;
        }

        return result.ToString();
    }

    private static int FindRun(string line, int from, int length)
    {
        for (var i = from; i < line.Length; i++)
        {
            if (line[i] != '`')
            {
                continue;
            }

            var run = 0;
            while (i + run < line.Length && line[i + run] == '`')
            {
                run++;
            }

            if (run == length)
            {
                return i;
            }

            i += run - 1;
        }

        return -1;
    }
}
