using System.Buffers;
using System.Text.RegularExpressions;

namespace ReviewBot.Model;

/// <summary>How many more characters, at the start of <paramref name="rest"/>, still belong to a secret.</summary>
public delegate int SecretExtent(ReadOnlySpan<char> rest);

/// <summary>
/// One shape of secret: what to call it, where it is (the group <c>s</c>, else the whole match; the rest of the match is
/// context that stays), for long secrets how far past the match they go, and, for shapes that ordinary text can also
/// take, a check of the whole value.
/// </summary>
public sealed record SecretRule(string Kind, Regex Pattern, Func<string, bool>? Accept = null, SecretExtent? Extent = null);

/// <summary>
/// The shapes the masker knows besides private key blocks (<see cref="PrivateKeyBlocks"/>), most specific first (a Google
/// key in <c>api_key = "AIza..."</c> is a Google key, not a generic assignment). Every pattern runs on the
/// non-backtracking engine, so no input makes it backtrack, and every pattern is bounded, so no match is long (that
/// engine slows down more than linearly on long matches); a secret longer than its pattern is followed to its end by
/// <see cref="SecretRule.Extent"/>, a plain scan. The engine has no lookaround: boundaries are matched as context and kept.
/// </summary>
public static class SecretRules
{
    // Keys whose value is a secret when the key ends with one of these words: DB_PASSWORD, githubToken, x-api-key, SECRET_KEY.
    private const string SecretKey = @"(?i:passw(?:or)?d|passphrase|pwd|secret|token|(?:api|access|auth|private|secret|signing|encryption|master)[_\-]?key|credentials?)";

    // key = value, key: value, "key": value, key := value, key => value; quotes may be escaped (JSON inside a string).
    private const string Assigned = @"\\?[""']?[ \t]*(?::=|=>|[:=])[ \t]*";

    private const string AwsSecretKey = @"(?i:aws[_\-.]?secret[_\-.]?(?:access[_\-.]?)?key|secret[_\-.]?access[_\-.]?key)";

    private static readonly SearchValues<char> Base64Url = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");
    private static readonly SearchValues<char> TokenChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/=");
    private static readonly SearchValues<char> EndsDoubleQuoted = SearchValues.Create("\"\\\r\n");
    private static readonly SearchValues<char> EndsSingleQuoted = SearchValues.Create("'\r\n");
    private static readonly SearchValues<char> EndsUnquoted = SearchValues.Create(" \t\r\n\f\v\"'`,;\\");

    public static IReadOnlyList<SecretRule> All { get; } = Create();

    private static List<SecretRule> Create()
    {
        // No match timeout: this engine needs none, and with one (.NET 10) it misses matches in large inputs.
        static Regex R(string pattern) => new(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);
        static SecretExtent While(SearchValues<char> chars) => rest => rest.IndexOfAnyExcept(chars) is var k and >= 0 ? k : rest.Length;
        static SecretExtent Until(SearchValues<char> chars) => rest => rest.IndexOfAny(chars) is var k and >= 0 ? k : rest.Length;
        return
        [
            new("GitHub fine-grained token", R(@"\bgithub_pat_[A-Za-z0-9_]{22,255}")),
            new("GitHub token", R(@"\bgh[pousr]_[A-Za-z0-9]{36,255}\b")),
            new("Google service-account key", R(@"""private_key_id\\?""[ \t]*:[ \t]*\\?""(?<s>[0-9a-f]{40})\\?""")),
            new("Google API key", R(@"\b(?<s>AIza[0-9A-Za-z_\-]{35})(?:[^0-9A-Za-z_\-]|$)")),
            new("Google OAuth client secret", R(@"\b(?<s>GOCSPX-[0-9A-Za-z_\-]{28})(?:[^0-9A-Za-z_\-]|$)")),
            new("AWS access key", R(@"\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b")),
            new("AWS secret access key", R($@"{AwsSecretKey}{Assigned}\\?[""']?(?<s>[A-Za-z0-9/+]{{40}})(?:[^A-Za-z0-9/+=]|$)")),
            new("Azure AD client secret", R(@"(?:^|[^A-Za-z0-9_~.\-])(?<s>[A-Za-z0-9_~.\-]{3}[0-9]Q~[A-Za-z0-9_~.\-]{31,34})(?:[^A-Za-z0-9_~.\-]|$)")),
            new("Azure account key", R(@"(?i:AccountKey|SharedAccessKey)[ \t]*=[ \t]*(?<s>[A-Za-z0-9+/]{20,200}={0,2})"), v => SecretValues.IsRandom(v, 20, 3.5)),
            new("Azure SAS signature", R(@"[?&;]sig=(?<s>[A-Za-z0-9%+/=_\-]{20,200})"), v => SecretValues.IsRandom(v, 20, 3.5)),
            new("JWT", R(@"\beyJ[A-Za-z0-9_\-]{8,1000}\.eyJ[A-Za-z0-9_\-]{8,200}"), Extent: While(Base64Url)),
            new("OpenAI key", R(@"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,255}\b")),
            new("Slack token", R(@"\bxox[abposr]-[A-Za-z0-9\-]{10,255}\b")),
            new("GitLab token", R(@"\bglpat-[A-Za-z0-9_\-]{20,255}\b")),
            new("Stripe key", R(@"\b(?:sk|rk)_live_[A-Za-z0-9]{20,255}\b")),
            // Without a key name an AWS secret key is 40 characters of base64 that are neither a path nor a word.
            new("AWS secret access key", R(@"(?:^|[^A-Za-z0-9/+])(?<s>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"), SecretValues.IsRandomAwsSecret),
            new("bearer token", R(@"(?i:bearer)[ \t]+(?<s>[A-Za-z0-9._~+/\-]{16,200})"), v => SecretValues.IsRandom(v, 16, 3.0) && v.Any(char.IsAsciiDigit),
                While(TokenChars)),
            new("password in URL", R(@"://[^\s/:@""'<>]{1,100}:(?<s>[^\s/@""'<>]{1,200})@"), SecretValues.IsQuotedSecret),
            new("secret assignment", R($@"{SecretKey}{Assigned}\\?""(?<s>[^""\\\r\n]{{1,200}})"), SecretValues.IsQuotedSecret, Until(EndsDoubleQuoted)),
            new("secret assignment", R($@"{SecretKey}{Assigned}'(?<s>[^'\r\n]{{1,200}})"), SecretValues.IsQuotedSecret, Until(EndsSingleQuoted)),
            new("secret assignment", R($@"{SecretKey}{Assigned}(?<s>[^\s""'`,;\\]{{1,200}})"), SecretValues.IsUnquotedSecret, Until(EndsUnquoted)),
        ];
    }
}
