namespace ReviewBot.Evaluation.Reports;

/// <summary>
/// Text from benchmarks and models (titles, comments, errors) made safe to show: control characters, which drive a
/// terminal, and bidirectional overrides, which reorder what a reader sees, become spaces; long text is cut.
/// </summary>
internal static class UntrustedText
{
    public static string Blank(string text, bool keepNewlines = false) =>
        string.Create(text.Length, (text, keepNewlines), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = state.text[i];
                span[i] = (c == '\n' && state.keepNewlines) || !(char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069') ? c : ' ';
            }
        });

    /// <summary>At most <paramref name="max"/> characters, the last an ellipsis when cut, never half a surrogate pair.</summary>
    public static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }
        var end = max - 1;
        if (char.IsHighSurrogate(text[end - 1]))
        {
            end--;
        }
        return string.Concat(text.AsSpan(0, end), "…");
    }
}
