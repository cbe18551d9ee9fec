using System.Text;

namespace ReviewBot.Workspace;

/// <summary>An installation token for HTTPS git, sent as a Basic authorization header the way GitHub expects it.</summary>
public sealed class GitCredentials(string token)
{
    public string Token { get; } = token;

    public string AuthorizationHeader =>
        "Authorization: Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{Token}"));

    public override string ToString() => "GitCredentials(***)";
}
