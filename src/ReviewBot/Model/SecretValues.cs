namespace ReviewBot.Model;

/// <summary>
/// Tells a secret from text of the same shape. A value assigned to <c>password</c> or <c>token</c> is a secret when it is
/// long enough, varied enough (Shannon entropy in bits per character) and none of: a reference (<c>request.Password</c>,
/// <c>GetSecret()</c>, <c>${{ secrets.X }}</c>, <c>$DB_PASSWORD</c>), a placeholder (<c>changeme</c>, <c>xxxx</c>,
/// <c>&lt;your-password&gt;</c>), a word or identifier, a path or URL, prose.
/// </summary>
public static class SecretValues
{
    public const int MinLength = 8;
    public const double MinEntropy = 3.0;

    private static readonly string[] Placeholders =
    [
        "example", "sample", "placeholder", "changeme", "change_me", "change-me", "your", "dummy", "fake", "test", "xxxx",
        "****", "....", "redacted", "[masked", "todo", "replace", "insert",
    ];

    private static readonly string[] Interpolations = ["${", "{{", "$(", "%(", "#{", "<%", "%s"];

    /// <summary>A quoted value: a string literal, so any text, but not a placeholder, a template, a path or a plain word.</summary>
    public static bool IsQuotedSecret(string value) =>
        IsRandom(value, MinLength, MinEntropy)
        && !value.Any(char.IsWhiteSpace)
        && !Interpolations.Any(i => value.Contains(i, StringComparison.Ordinal))
        && !IsPath(value)
        && value.Any(c => char.IsAsciiDigit(c) || IsSymbol(c));

    /// <summary>An unquoted value: also not code (a call, an index, a member chain, a variable, a plain identifier).</summary>
    public static bool IsUnquotedSecret(string value) =>
        IsQuotedSecret(value)
        && !value.Any(c => c is '(' or ')' or '[' or ']' or '{' or '}' or '<' or '>' or '$')
        && value[0] is not ('!' or '&' or '*' or '@' or '%' or '#' or '|' or '=' or '-' or '.')
        && !IsMemberChain(value)
        && (!IsIdentifier(value) || LetterDigitSwitches(value) >= 3);

    /// <summary>A value long enough, varied enough, and no placeholder.</summary>
    public static bool IsRandom(string value, int minLength, double minEntropy)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length >= minLength
            && Entropy(value) >= minEntropy
            && !value.All(char.IsAsciiDigit)
            && !Placeholders.Any(p => value.Contains(p, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// 40 characters of base64 with no key name beside them: upper and lower case and digits, about as varied as random
    /// base64 is (4.6 bits per character and more), a <c>/</c> or <c>+</c> or at least three digits (which a long
    /// identifier has not; about 1 random key in 100 has neither), not a path
    /// (<c>World/pulls/comments/284312630/reactions</c>) and not encoded text (a GitHub node id decodes to
    /// <c>017:PullRequestReview237895671</c>; the 30 random bytes of a key almost never decode to printable text).
    /// </summary>
    public static bool IsRandomAwsSecret(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Any(char.IsAsciiLetterUpper) && value.Any(char.IsAsciiLetterLower) && value.Any(char.IsAsciiDigit)
            && (value.Contains('/', StringComparison.Ordinal) || value.Contains('+', StringComparison.Ordinal) || value.Count(char.IsAsciiDigit) >= 3)
            && Entropy(value) >= 4.3 && !IsPathOfWords(value) && !IsEncodedText(value);
    }

    /// <summary>Shannon entropy in bits per character.</summary>
    public static double Entropy(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return 0;
        }
        var counts = new Dictionary<char, int>();
        foreach (var c in value)
        {
            counts[c] = counts.GetValueOrDefault(c) + 1;
        }
        return -counts.Values.Sum(n => (double)n / value.Length * Math.Log2((double)n / value.Length));
    }

    private static bool IsSymbol(char c) => !char.IsLetterOrDigit(c) && c is not ('_' or '-' or '.' or '/' or ':');

    private static bool IsPath(string value) =>
        value.Contains("://", StringComparison.Ordinal) || value.StartsWith('/') || value.StartsWith("./", StringComparison.Ordinal)
        || value.StartsWith("~/", StringComparison.Ordinal);

    private static bool IsPathOfWords(string value) =>
        value.Split('/') is { Length: >= 3 } parts && parts.All(p => p.All(char.IsAsciiLetter) || p.All(char.IsAsciiDigit));

    private static bool IsEncodedText(string value)
    {
        Span<byte> bytes = stackalloc byte[value.Length];
        return Convert.TryFromBase64String(value, bytes, out var written) && bytes[..written].IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0;
    }

    private static bool IsIdentifier(string value) =>
        (char.IsAsciiLetter(value[0]) || value[0] == '_') && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary><c>request.Password</c>, <c>Config::Secret</c>, <c>opts->token</c>, <c>user?.Token!</c>.</summary>
    private static bool IsMemberChain(string value)
    {
        var parts = value.TrimEnd('!', '?').Split(["?.", "!.", "::", "->", "."], StringSplitOptions.None);
        return parts.Length > 1 && parts.All(p => p.Length > 0 && IsIdentifier(p));
    }

    /// <summary>How often a letter is followed by a digit or a digit by a letter: random text switches often, names rarely.</summary>
    private static int LetterDigitSwitches(string value)
    {
        var switches = 0;
        for (var i = 1; i < value.Length; i++)
        {
            if (char.IsAsciiDigit(value[i]) != char.IsAsciiDigit(value[i - 1]))
            {
                switches++;
            }
        }
        return switches;
    }
}
