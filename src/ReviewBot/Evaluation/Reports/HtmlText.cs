using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace ReviewBot.Evaluation.Reports;

/// <summary>Everything the HTML report prints from outside goes through here: encoded, blanked, cut.</summary>
internal static class HtmlText
{
    /// <summary>Encodes &lt; &gt; &amp; and quotes (and what HTML never wants raw), but keeps other scripts readable.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Text(string value, int max = 300) => Encoder.Encode(UntrustedText.Cut(UntrustedText.Blank(value, keepNewlines: true), max));

    /// <summary>A link only to an absolute http(s) address (a benchmark's <c>javascript:</c> URL stays text); it sends no referrer.</summary>
    public static string Link(string? url, string text, int max = 300)
    {
        var shown = Text(text, max);
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? $"<a href=\"{Encoder.Encode(uri.AbsoluteUri)}\" rel=\"noreferrer noopener\">{shown}</a>"
            : shown;
    }

    public static string N(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string N(double? value) => value is { } v ? N(v) : "–";

    /// <summary>An SVG coordinate.</summary>
    public static string C(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
