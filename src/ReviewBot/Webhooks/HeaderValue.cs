using System.Text;

namespace ReviewBot.Webhooks;

/// <summary>
/// Makes text from a payload safe for a response header. Kestrel refuses a header with a control or non-ASCII character
/// by failing the whole response (a 500), so anything outside printable ASCII, and '%' itself, is percent-encoded as UTF-8.
/// </summary>
public static class HeaderValue
{
    public static string Encode(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var encoded = new StringBuilder(Math.Min(text.Length, maxLength));
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length && encoded.Length < maxLength; i++)
        {
            var c = text[i];
            if (c is >= ' ' and <= '~' and not '%')
            {
                encoded.Append(c);
                continue;
            }

            var rune = Rune.TryGetRuneAt(text, i, out var r) ? r : Rune.ReplacementChar;
            if (rune.Utf16SequenceLength == 2)
            {
                i++;
            }

            var count = rune.EncodeToUtf8(utf8);
            if (encoded.Length + 3 * count > maxLength)
            {
                // An escape cut in half would no longer decode.
                break;
            }

            foreach (var b in utf8[..count])
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }
}
