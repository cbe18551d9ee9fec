using System.Text;

namespace ReviewBot.Workspace;

/// <summary>An installation token for HTTPS git, sent as a Basic authorization header the way GitHub expects it.</summary>
public sealed class GitCredentials(string token)
{
    public string Token { get; } = token;

    public string AuthorizationHeader => "Authorization: Basic " + EncodedToken;

    private string EncodedToken => Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{Token}"));

    /// <summary>The text with the token replaced, as given and as the header encodes it (a remote may echo either).</summary>
    public string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Token.Length == 0 ? text : text.Replace(Token, "***", StringComparison.Ordinal).Replace(EncodedToken, "***", StringComparison.Ordinal);
    }

    public override string ToString() => "GitCredentials(***)";
}
