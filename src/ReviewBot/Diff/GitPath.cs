using System.Text;

namespace ReviewBot.Diff;

/// <summary>How git spells paths in diff headers: C-style quoting (octal escapes are UTF-8 bytes) and the a/ b/ prefixes.</summary>
internal static class GitPath
{
    public const string DevNull = "/dev/null";

    /// <summary>
    /// The name after <c>--- </c>, <c>+++ </c>, <c>rename from </c> and the like. An unquoted name ends at a tab: git puts
    /// one after a name containing a space, and other diff tools put a timestamp after it.
    /// </summary>
    public static string ReadName(string text)
    {
        if (text.StartsWith('"') && Unquote(text, 0, out _) is { } unquoted)
        {
            return unquoted;
        }

        var tab = text.IndexOf('\t', StringComparison.Ordinal);
        return TrimCarriageReturn(tab >= 0 ? text[..tab] : text);
    }

    /// <summary>
    /// The two names of <c>diff --git a/x b/y</c> (the text after <c>diff --git </c>), prefixes kept; null if unreadable.
    /// Unquoted names may contain spaces, so the split is ambiguous; git only relies on this header when both names are
    /// the same (other cases carry <c>---</c>/<c>+++</c> or rename lines), so a split into equal names wins.
    /// </summary>
    public static (string Old, string New)? SplitHeader(string text)
    {
        text = TrimCarriageReturn(text);
        if (text.StartsWith('"'))
        {
            if (Unquote(text, 0, out var end) is not { } first || end >= text.Length || text[end] != ' ')
            {
                return null;
            }

            var rest = text[(end + 1)..];
            return (first, rest.StartsWith('"') ? Unquote(rest, 0, out _) ?? rest : rest);
        }

        // An unquoted name never contains a double quote (git quotes such names), so the first one opens the second name.
        var quote = text.IndexOf(" \"", StringComparison.Ordinal);
        if (quote >= 0 && Unquote(text, quote + 1, out _) is { } second)
        {
            return (text[..quote], second);
        }

        var half = (text.Length - 1) / 2;
        if (text.Length % 2 == 1 && text[half] == ' ' && text.StartsWith("a/", StringComparison.Ordinal) &&
            string.CompareOrdinal(text, half + 1, "b/", 0, 2) == 0 &&
            text.AsSpan(2, half - 2).SequenceEqual(text.AsSpan(half + 3)))
        {
            return (text[..half], text[(half + 1)..]);
        }

        var split = text.IndexOf(" b/", StringComparison.Ordinal);
        if (split < 0)
        {
            split = text.IndexOf(' ', StringComparison.Ordinal);
        }

        return split < 0 ? null : (text[..split], text[(split + 1)..]);
    }

    /// <summary>The path without a leading <c>a/</c> or <c>b/</c> (whichever <paramref name="prefix"/> names).</summary>
    public static string StripPrefix(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : path;

    /// <summary>
    /// The C-quoted string that opens at <c>text[start]</c> (a <c>"</c>), unquoted; <paramref name="end"/> is the index after
    /// its closing quote. Null when it is not well-formed (then the caller reads the text as it is).
    /// </summary>
    public static string? Unquote(string text, int start, out int end)
    {
        end = start;
        var bytes = new List<byte>(text.Length);
        Span<byte> encoded = stackalloc byte[4];
        for (var i = start + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                end = i + 1;
                return Encoding.UTF8.GetString([.. bytes]);
            }

            if (c != '\\')
            {
                // Unescaped text (non-ASCII when core.quotePath is false) is already decoded: put back its UTF-8 bytes.
                if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
                {
                    return null;
                }

                bytes.AddRange(encoded[..rune.EncodeToUtf8(encoded)]);
                i += used - 1;
                continue;
            }

            if (++i >= text.Length)
            {
                return null;
            }

            switch (text[i])
            {
                case '"' or '\\': bytes.Add((byte)text[i]); break;
                case 'a': bytes.Add(0x07); break;
                case 'b': bytes.Add(0x08); break;
                case 't': bytes.Add(0x09); break;
                case 'n': bytes.Add(0x0A); break;
                case 'v': bytes.Add(0x0B); break;
                case 'f': bytes.Add(0x0C); break;
                case 'r': bytes.Add(0x0D); break;
                case >= '0' and <= '3' when i + 2 < text.Length && IsOctal(text[i + 1]) && IsOctal(text[i + 2]):
                    bytes.Add((byte)(((text[i] - '0') << 6) | ((text[i + 1] - '0') << 3) | (text[i + 2] - '0')));
                    i += 2;
                    break;
                default: return null;
            }
        }

        return null;
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';

    // A header line ends in \r only when the whole diff went through a CRLF conversion; git quotes a \r in a name.
    private static string TrimCarriageReturn(string text) => text.EndsWith('\r') ? text[..^1] : text;
}
