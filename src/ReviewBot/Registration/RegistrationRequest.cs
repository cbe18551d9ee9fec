namespace ReviewBot.Registration;

/// <summary>
/// What <c>register</c> was asked for. <paramref name="GitHubUrl"/> is where people sign in (https://github.com, or a
/// GitHub Enterprise Server's address), <paramref name="ApiUrl"/> its REST root.
/// </summary>
public sealed record RegistrationRequest(
    string Name,
    Uri WebhookUrl,
    Uri GitHubUrl,
    Uri ApiUrl,
    string? Organization,
    int Port,
    string EnvFilePath,
    bool Fixes,
    bool Replace,
    TimeSpan Timeout)
{
    /// <summary>The REST root that goes with a GitHub address: api.github.com for github.com, HOST/api/v3 for a server.</summary>
    public static Uri ApiUrlFor(Uri gitHubUrl)
    {
        ArgumentNullException.ThrowIfNull(gitHubUrl);
        return gitHubUrl.Host.Equals("github.com", StringComparison.OrdinalIgnoreCase)
            ? new Uri("https://api.github.com/")
            : new Uri(gitHubUrl, "/api/v3/");
    }

    /// <summary>The page GitHub's manifest flow starts on: the user's own Apps, or an organization's.</summary>
    public Uri CreationUrl(string state) => new(GitHubUrl, Organization is null
        ? $"/settings/apps/new?state={Uri.EscapeDataString(state)}"
        : $"/organizations/{Uri.EscapeDataString(Organization)}/settings/apps/new?state={Uri.EscapeDataString(state)}");

    public Uri LocalUrl => new($"http://127.0.0.1:{Port}/");

    public Uri CallbackUrl => new(LocalUrl, "callback");
}
