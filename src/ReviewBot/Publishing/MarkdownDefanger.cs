using System.Text;

namespace ReviewBot.Publishing;

/// <summary>
/// Makes untrusted text (what the model wrote, and what comes from the pull request: paths, titles, labels) safe to post
/// in GitHub Markdown. Images and links stay only when they point into this repository on this GitHub; any other image
/// becomes its alt text with the URL as code (GitHub would fetch it, which can carry data out in the URL), any other link
/// becomes its text with the URL as code, and bare URLs and autolinks become code, so nothing outside is one click away.
/// Mentions of people and teams notify nobody (a zero-width space after the <c>@</c>, as Dependabot does), except the
/// pull request's author when the bot means to address them. No HTML reaches the page: <c>&lt;</c> of a tag or a comment
/// is escaped, so untrusted text can neither hide text nor forge a marker (the bot's markers are appended after). Code
/// spans and fenced code keep their text (nothing in them renders), a fence left open is closed, and every piece is
/// capped. Ordinary Markdown (emphasis, lists, code) is kept.
/// </summary>
/// <remarks>
/// Where GitHub's reading of the text could differ from this one, the text is escaped rather than kept: a code span
/// counts only on one line and without a <c>|</c> (a table splits on it first), a fence only at the start of a line with
/// at most 3 spaces of indentation, ending at its closing line or at the first line indented less than it.
/// </remarks>
public sealed partial class MarkdownDefanger
{
    /// <summary>Most characters of a finding's title that are posted.</summary>
    public const int TitleLength = 200;

    /// <summary>Most characters of the model's explanation of one finding (or of the intent) that are posted.</summary>
    public const int ExplanationLength = 4_000;

    private const char ZeroWidthSpace = '\u200b';

    /// <summary>The repository's web address (<c>https://github.com/OWNER/REPO</c>); null allows no link or image at all.</summary>
    private readonly Uri? _repository;

    /// <summary>The one login a mention may address: the pull request's author.</summary>
    private readonly string? _author;

    private MarkdownDefanger(Uri? repository, string? author)
    {
        _repository = repository;
        _author = string.IsNullOrWhiteSpace(author) ? null : author;
    }

    /// <summary>No link, no image, no mention: for text whose repository is not known.</summary>
    public static MarkdownDefanger Strict { get; } = new(null, null);

    /// <summary>
    /// For a repository on the GitHub whose REST root is <paramref name="apiBaseUrl"/>. Give <paramref name="author"/>
    /// only where the bot means to address the pull request's author (a review is addressed to them anyway).
    /// </summary>
    public static MarkdownDefanger For(Uri apiBaseUrl, string owner, string repository, string? author = null)
    {
        ArgumentNullException.ThrowIfNull(apiBaseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentException.ThrowIfNullOrWhiteSpace(repository);
        return new MarkdownDefanger(new Uri(WebRoot(apiBaseUrl), $"{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(repository)}"), author);
    }

    /// <summary>
    /// The web address of the GitHub whose REST root this is: <c>https://api.github.com/</c> → <c>https://github.com/</c>,
    /// <c>https://HOST/api/v3/</c> (Enterprise Server) → <c>https://HOST/</c>, <c>https://api.SUB.ghe.com/</c> → <c>https://SUB.ghe.com/</c>.
    /// </summary>
    public static Uri WebRoot(Uri apiBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(apiBaseUrl);
        var host = apiBaseUrl.Host.StartsWith("api.", StringComparison.OrdinalIgnoreCase) ? apiBaseUrl.Host[4..] : apiBaseUrl.Host;
        return new UriBuilder(apiBaseUrl.Scheme, host, apiBaseUrl.IsDefaultPort ? -1 : apiBaseUrl.Port).Uri;
    }

    /// <summary>
    /// Untrusted Markdown of any number of lines, at most <paramref name="maxLength"/> characters. Set
    /// <paramref name="startsLine"/> when the text is posted at the start of a line; otherwise its first line is read as
    /// the rest of the caller's line (where a fence cannot start).
    /// </summary>
    public string Text(string? untrusted, int maxLength, bool startsLine = false) =>
        Capped(Clean(untrusted), maxLength, text => Blocks(text, startsLine));

    /// <summary>Untrusted text for inside one line (a title, a path, a note): line breaks become spaces.</summary>
    public string Line(string? untrusted, int maxLength) =>
        Capped(OneLine(Clean(untrusted)), maxLength, Inline);

    /// <summary>
    /// Untrusted text for where GitHub shows plain text, not Markdown (check-run annotations): no mention, no HTML tag
    /// or comment (a zero-width space after the <c>&lt;</c>), capped.
    /// </summary>
    public static string Plain(string? untrusted, int maxLength) =>
        Capped(Clean(untrusted), maxLength, text =>
        {
            var b = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                b.Append(text[i]);
                if ((text[i] == '<' && i + 1 < text.Length && StartsTag(text[i + 1])) || (text[i] == '@' && MentionAt(text, i) is not null))
                {
                    b.Append(ZeroWidthSpace);
                }
            }
            return b.ToString();
        });

    /// <summary>
    /// The defanged text within <paramref name="maxLength"/>. The untrusted text is cut, not the defanged one, so that no
    /// construct is cut in half (a fence cut open is closed again); defanging lengthens text, never shortens it by more
    /// than a word, so a text over the cap is cut to the cap first, then further until it fits.
    /// </summary>
    private static string Capped(string text, int maxLength, Func<string, string> defang)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 8);
        var cut = text.Length > maxLength ? Cut(text, maxLength) : text;
        var output = defang(cut.Length < text.Length ? cut + " …" : cut);
        while (output.Length > maxLength && cut.Length > 0)
        {
            cut = Cut(cut, Math.Min(cut.Length - 1, (int)((long)cut.Length * (maxLength - 8) / output.Length)));
            output = defang(cut + " …");
        }
        return output.Length <= maxLength ? output : "…";
    }

    /// <summary>The first characters of a text, not splitting a surrogate pair.</summary>
    private static string Cut(string text, int length) =>
        length > 0 && char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length];

    /// <summary>Line ends as \n; control characters other than tab and line feed dropped (GitHub shows them as nothing useful).</summary>
    private static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var b = new StringBuilder(text.Length);
        foreach (var c in text.Replace("\r\n", "\n", StringComparison.Ordinal))
        {
            if (c == '\r')
            {
                b.Append('\n');
            }
            else if (c is '\n' or '\t' || !char.IsControl(c))
            {
                b.Append(c);
            }
        }
        return b.ToString();
    }

    private static string OneLine(string text) => text.Replace('\n', ' ').Replace('\t', ' ');
}
