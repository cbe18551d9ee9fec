using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace ReviewBot.Model;

/// <summary>
/// Masks private key blocks (PEM, OpenSSH, PGP; also inside a JSON string with <c>\n</c> escapes, as in a Google
/// service-account key file): from the BEGIN line to its END line, or, where the block is cut off (a context excerpt, a
/// broken file), to its last line of key material. Found by scanning rather than by one pattern, because a block is
/// long: every position is looked at a bounded number of times, whatever the input.
/// </summary>
internal static partial class PrivateKeyBlocks
{
    public const string Kind = "private key";
    private const string EndMark = "-----END ";
    private static readonly SearchValues<char> EscapedBody = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\\n");

    public static string Mask(string text, Func<string, string, string> mask)
    {
        var matches = Begin().Matches(text);
        if (matches.Count == 0)
        {
            return text;
        }
        var builder = new StringBuilder(text.Length);
        var position = 0;
        var nextEnd = -1;
        var nextStop = -1;
        for (var i = 0; i < matches.Count; i++)
        {
            var begin = matches[i];
            if (begin.Index < position)
            {
                continue;
            }
            var bodyStart = begin.Index + begin.Length;
            var limit = i + 1 < matches.Count ? matches[i + 1].Index : text.Length;
            nextStop = Next(text, bodyStart, nextStop, static (t, from) => t.AsSpan(from).IndexOfAny('<', '"') is var k and >= 0 ? from + k : t.Length);
            var end = FindEnd(text, bodyStart, Math.Min(limit, nextStop), ref nextEnd);
            var blockEnd = end >= 0 ? end : LastKeyLine(text, bodyStart, limit);
            if (blockEnd == bodyStart)
            {
                // A BEGIN line and no key material after it (a message that names the format) is no secret.
                continue;
            }
            builder.Append(text, position, begin.Index - position);
            builder.Append(mask(Kind, text[begin.Index..blockEnd]));
            position = blockEnd;
        }
        builder.Append(text, position, text.Length - position);
        return builder.ToString();
    }

    /// <summary>The end of the first private-key END line in [from, before), or -1. <paramref name="next"/> only moves forward.</summary>
    private static int FindEnd(string text, int from, int before, ref int next)
    {
        while (true)
        {
            next = Next(text, from, next, static (t, f) => t.IndexOf(EndMark, f, StringComparison.Ordinal) is var k and >= 0 ? k : t.Length);
            if (next >= before)
            {
                return -1;
            }
            if (End().Match(text, next) is { Success: true } end && end.Index == next)
            {
                return end.Index + end.Length;
            }
            from = next + 1;
        }
    }

    private static int Next(string text, int from, int cached, Func<string, int, int> find) =>
        cached >= from ? cached : find(text, from);

    /// <summary>
    /// Where a block without an END line stops: after its last line of base64 (or armour header, like <c>Version: 1</c>),
    /// or, in a JSON string, after its last <c>\n</c>-escaped base64.
    /// </summary>
    private static int LastKeyLine(string text, int bodyStart, int limit)
    {
        if (text.AsSpan(bodyStart, limit - bodyStart).StartsWith(@"\n", StringComparison.Ordinal))
        {
            var escaped = text.AsSpan(bodyStart, limit - bodyStart).IndexOfAnyExcept(EscapedBody);
            return escaped >= 0 ? bodyStart + escaped : limit;
        }
        var last = bodyStart;
        var lineStart = text.IndexOf('\n', bodyStart, limit - bodyStart) is var n and >= 0 ? n + 1 : limit;
        while (lineStart < limit)
        {
            var lineEnd = text.IndexOf('\n', lineStart, limit - lineStart) is var e and >= 0 ? e : limit;
            var line = text.AsSpan(lineStart, lineEnd - lineStart).Trim();
            if (line.Length > 400 || (line.Length > 0 && !KeyLine().IsMatch(line)))
            {
                break;
            }
            if (line.Length > 0)
            {
                last = lineEnd;
            }
            lineStart = lineEnd + 1;
        }
        return last;
    }

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]{1,20} ){0,4}PRIVATE KEY(?: BLOCK)?-----")]
    private static partial Regex Begin();

    [GeneratedRegex(@"\G-----END (?:[A-Z0-9]{1,20} ){0,4}PRIVATE KEY(?: BLOCK)?-----")]
    private static partial Regex End();

    // A trimmed line of key material as the model sees it: maybe a diff or context prefix (12+ , 13  , b10- ), then base64.
    [GeneratedRegex(@"^(?:b?[0-9]{1,9}(?:\+ |  |- ))?(?:[A-Za-z0-9+/=]{1,100}|[A-Za-z][A-Za-z\-]{0,30}: .{0,200})$")]
    private static partial Regex KeyLine();
}
