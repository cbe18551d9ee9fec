using System.Text;
using System.Text.RegularExpressions;

namespace ReviewBot.Publishing;

public sealed partial class MarkdownDefanger
{
    /// <summary>
    /// One pass over text outside fenced code. Every piece written is whole on its own (a code span is closed, a stray
    /// backtick or bracket escaped), so pieces cannot pair up into something that renders differently.
    /// </summary>
    private string Inline(string text)
    {
        var b = new StringBuilder(text.Length + 16);
        var i = 0;
        while (i < text.Length)
        {
            i = text[i] switch
            {
                '\\' => Escaped(text, i, b),
                '`' => CodeSpan(text, i, b),
                '[' => Link(text, i, b, image: false),
                ']' => Append(b, "\\]", i, 1),
                '!' when i + 1 < text.Length && text[i + 1] == '[' => Link(text, i + 1, b, image: true),
                '<' => Angle(text, i, b),
                '@' => Mention(text, i, b),
                'h' or 'H' or 'w' or 'W' => Url(text, i, b),
                _ => Append(b, text[i], i),
            };
        }
        return b.ToString();
    }

    private static int Append(StringBuilder b, char c, int i)
    {
        b.Append(c);
        return i + 1;
    }

    private static int Append(StringBuilder b, string s, int i, int consumed)
    {
        b.Append(s);
        return i + consumed;
    }

    /// <summary>
    /// A backslash escape stays one (<c>\[</c> is a bracket, not a link), except before <c>@</c>, which would still
    /// mention. A backslash that ends the text is doubled, so that it cannot escape what the bot writes next.
    /// </summary>
    private static int Escaped(string text, int i, StringBuilder b) =>
        i + 1 == text.Length ? Append(b, "\\\\", i, 1)
            : char.IsAsciiLetterOrDigit(text[i + 1]) is false && text[i + 1] is not '@' and > ' ' and < '\u007f' ? Append(b, text.Substring(i, 2), i, 2)
            : Append(b, '\\', i);

    /// <summary>A code span kept as it is when it closes on the same line and holds no <c>|</c>; otherwise its backticks are text.</summary>
    private static int CodeSpan(string text, int i, StringBuilder b)
    {
        var length = Run(text, i, '`');
        var lineEnd = text.IndexOf('\n', i);
        lineEnd = lineEnd < 0 ? text.Length : lineEnd;
        for (var j = i + length; j < lineEnd;)
        {
            if (text[j] != '`')
            {
                j++;
                continue;
            }
            var closing = Run(text, j, '`');
            if (closing == length)
            {
                if (text.AsSpan(i + length, j - i - length).Contains('|'))
                {
                    break;
                }
                return Append(b, text[i..(j + closing)], i, j + closing - i);
            }
            j += closing;
        }
        b.Insert(b.Length, "\\`", length);
        return i + length;
    }

    /// <summary>
    /// An inline link or image: kept when it points into the repository (its text defanged too); otherwise its text, and
    /// the address as code. Anything else that looks like a link (reference links, definitions) is escaped text.
    /// </summary>
    private int Link(string text, int i, StringBuilder b, bool image)
    {
        var m = LinkPattern().Match(text, i);
        if (!m.Success)
        {
            b.Append(image ? "!\\[" : "\\[");
            return i + 1;
        }
        var label = Inline(m.Groups["text"].Value);
        var url = m.Groups["url"].Value.Trim('<', '>');
        if (Allowed(url) is { } safe)
        {
            b.Append(image ? "![" : "[").Append(label).Append("](").Append(safe).Append(')');
        }
        else
        {
            b.Append(label);
            if (url.Length > 0)
            {
                b.Append(label.Length > 0 ? " (" : "(").Append(image ? "image: " : "").Append(Code(url)).Append(')');
            }
        }
        return m.Index + m.Length;
    }

    /// <summary>An autolink (<c>&lt;https://…&gt;</c>) like a bare URL; the <c>&lt;</c> of a tag or an HTML comment escaped.</summary>
    private int Angle(string text, int i, StringBuilder b)
    {
        if (AutolinkPattern().Match(text, i) is { Success: true } m)
        {
            var url = m.Groups["url"].Value;
            b.Append(Allowed(url) is { } safe ? $"<{safe}>" : Code(url));
            return m.Index + m.Length;
        }
        return i + 1 < text.Length && StartsTag(text[i + 1]) ? Append(b, "&lt;", i, 1) : Append(b, '<', i);
    }

    private static bool StartsTag(char c) => char.IsAsciiLetter(c) || c is '/' or '!' or '?';

    /// <summary>A mention notifies nobody but the author the bot means to address; the zero-width space is not shown.</summary>
    private int Mention(string text, int i, StringBuilder b)
    {
        b.Append('@');
        if (MentionAt(text, i) is { } who && !(_author is not null && who.Equals(_author, StringComparison.OrdinalIgnoreCase)))
        {
            b.Append(ZeroWidthSpace);
        }
        return i + 1;
    }

    /// <summary>The login (or <c>org/team</c>) an <c>@</c> would mention: not after a letter or digit (that is an e-mail address).</summary>
    private static string? MentionAt(string text, int i) =>
        i > 0 && char.IsAsciiLetterOrDigit(text[i - 1]) ? null
            : MentionPattern().Match(text, i + 1) is { Success: true } m ? m.Value : null;

    /// <summary>A bare URL, which GitHub would make a link: kept when it points into the repository, otherwise code.</summary>
    private int Url(string text, int i, StringBuilder b)
    {
        var m = UrlPattern().Match(text, i);
        var www = m.Success && m.Value.StartsWith("www", StringComparison.OrdinalIgnoreCase);
        var url = m.Success ? TrimTrailing(m.Value) : "";
        // "www." after a letter is part of a word, and "https://" or "www." alone is nothing GitHub would link.
        if (!m.Success || (www && i > 0 && char.IsAsciiLetterOrDigit(text[i - 1])) || url.Length <= (www ? 4 : url.IndexOf("//", StringComparison.Ordinal) + 2))
        {
            return Append(b, text[i], i);
        }
        b.Append(Allowed(url) ?? Code(url));
        return i + url.Length;
    }

    /// <summary>As GitHub ends an autolinked URL: not at trailing punctuation, nor at a closing parenthesis it did not open.</summary>
    private static string TrimTrailing(string url)
    {
        var end = url.Length;
        while (end > 0 && ("?!.,:;*_~'\"]".Contains(url[end - 1], StringComparison.Ordinal)
            || (url[end - 1] == ')' && url.AsSpan(0, end).Count('(') < url.AsSpan(0, end).Count(')'))))
        {
            end--;
        }
        return url[..Math.Max(end, 1)];
    }

    /// <summary>
    /// The address as posted when it is this repository's on this GitHub (scheme, host and port the same, no user, the path
    /// under <c>/OWNER/REPO</c>), with the characters Markdown would read escaped; null for any other address.
    /// </summary>
    private string? Allowed(string url)
    {
        if (_repository is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0
            || !uri.Scheme.Equals(_repository.Scheme, StringComparison.OrdinalIgnoreCase)
            || !uri.Host.Equals(_repository.Host, StringComparison.OrdinalIgnoreCase) || uri.Port != _repository.Port)
        {
            return null;
        }
        var root = _repository.AbsolutePath.TrimEnd('/');
        var path = uri.AbsolutePath;
        if (!path.StartsWith(root, StringComparison.OrdinalIgnoreCase) || (path.Length > root.Length && path[root.Length] != '/'))
        {
            return null;
        }
        var safe = new StringBuilder(uri.AbsoluteUri.Length);
        foreach (var c in uri.AbsoluteUri)
        {
            safe.Append(c is '(' or ')' or '[' or ']' or '<' or '>' or '`' or '"' or '\'' or '@' or ' ' or '\\' ? $"%{(int)c:X2}" : c.ToString());
        }
        return safe.ToString();
    }

    private static int Run(string text, int i, char c)
    {
        var j = i;
        while (j < text.Length && text[j] == c)
        {
            j++;
        }
        return j - i;
    }

    [GeneratedRegex("""\G\[(?<text>(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]\([ \t\n]*(?<url><[^<>\n]*>|[^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)(?:[ \t\n]+(?:"[^"]*"|'[^']*'|\([^()]*\)))?[ \t\n]*\)""",
        RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"\G<(?<url>[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>", RegexOptions.CultureInvariant)]
    private static partial Regex AutolinkPattern();

    [GeneratedRegex(@"\G(?:https?://|www\.)[^\s<>`]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"\G[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:/[A-Za-z0-9_.\-]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex MentionPattern();
}
