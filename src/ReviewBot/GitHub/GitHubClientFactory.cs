using Octokit;

namespace ReviewBot.GitHub;

/// <summary>
/// The server's credentials: an <see cref="GitHubAccess"/> per repository from the App installation that covers it, and
/// one from a plain token for the Action (<c>GITHUB_TOKEN</c>).
/// </summary>
public sealed class GitHubClientFactory(OctokitClients octokit, InstallationTokenProvider tokens, BotAccount bot)
{
    /// <summary>The login GitHub gives <c>GITHUB_TOKEN</c>'s writes in a workflow.</summary>
    public const string ActionsBotLogin = "github-actions[bot]";

    /// <summary>Access as one installation of the App.</summary>
    public GitHubAccess ForInstallation(long installationId) => new(
        octokit.Create(new InstallationCredentialStore(tokens, installationId)),
        async ct => (await tokens.GetTokenAsync(installationId, ct)).Token,
        bot.LoginAsync);

    /// <summary>
    /// Access for the installation that covers a repository. Webhooks from an App carry the installation id; a repository
    /// webhook does not, and then GitHub is asked which installation covers the repository.
    /// </summary>
    public async Task<GitHubAccess> ForRepositoryAsync(long? installationId, string owner, string repository) =>
        ForInstallation(await ResolveInstallationAsync(installationId, owner, repository));

    /// <summary>Access with a token given from outside (a workflow's <c>GITHUB_TOKEN</c>), whose writes are <paramref name="botLogin"/>'s.</summary>
    public GitHubAccess ForToken(string token, string botLogin = ActionsBotLogin)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        return new(octokit.Create(new Octokit.Internal.InMemoryCredentialStore(new Credentials(token))),
            _ => Task.FromResult(token), _ => Task.FromResult<string?>(botLogin), isWorkflowToken: true);
    }

    public async Task<long> ResolveInstallationAsync(long? installationId, string owner, string repository)
    {
        if (installationId is { } id)
        {
            return id;
        }
        // Which installation covers a repository changes rarely (install, uninstall); one lookup per repository and process.
        var key = $"{owner}/{repository}".ToLowerInvariant();
        var lookup = _installations.GetOrAdd(key, _ => new Lazy<Task<long>>(async () =>
            (await octokit.CreateAppClient().GitHubApps.GetRepositoryInstallationForCurrent(owner, repository)).Id));
        try
        {
            return await lookup.Value;
        }
        catch
        {
            _installations.TryRemove(new KeyValuePair<string, Lazy<Task<long>>>(key, lookup));
            throw;
        }
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<long>>> _installations = new(StringComparer.Ordinal);
}
