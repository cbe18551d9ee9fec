using Octokit;
using Octokit.Internal;

namespace ReviewBot.GitHub;

/// <summary>
/// Builds Octokit clients on the <c>github</c> handler pipeline from <see cref="IHttpMessageHandlerFactory"/>
/// (API version header, Polly resilience), against <c>GitHub:ApiBaseUrl</c> taken as given.
/// </summary>
public sealed class GitHubClientFactory(
    IHttpMessageHandlerFactory handlers,
    IOptions<GitHubOptions> options,
    AppJwtFactory jwt,
    IServiceProvider services)
{
    public const string HttpClientName = "github";

    private static readonly ProductHeaderValue Product = new("ReviewBot", typeof(GitHubClientFactory).Assembly.GetName().Version?.ToString(3) ?? "0.1.0");

    /// <summary>The User-Agent product of calls made without Octokit (GraphQL).</summary>
    public static string UserAgent => $"{Product.Name}/{Product.Version}";

    /// <summary>A client authenticated as the App (JWT): for minting tokens and finding installations.</summary>
    public IGitHubClient CreateAppClient() => Create(new AppCredentialStore(jwt));

    /// <summary>A client authenticated as one installation of the App.</summary>
    public IGitHubClient CreateInstallationClient(long installationId) =>
        Create(new InstallationCredentialStore(services.GetRequiredService<InstallationTokenProvider>(), installationId));

    /// <summary>
    /// A client for the installation that covers a repository. Webhooks from an App carry the installation id; a repository
    /// webhook does not, and then GitHub is asked which installation covers the repository.
    /// </summary>
    public async Task<IGitHubClient> ForRepositoryAsync(long? installationId, string owner, string repository) =>
        CreateInstallationClient(await ResolveInstallationAsync(installationId, owner, repository));

    public async Task<long> ResolveInstallationAsync(long? installationId, string owner, string repository)
    {
        if (installationId is { } id)
        {
            return id;
        }
        // Which installation covers a repository changes rarely (install, uninstall); one lookup per repository and process.
        var key = $"{owner}/{repository}".ToLowerInvariant();
        var lookup = _installations.GetOrAdd(key, _ => new Lazy<Task<long>>(async () =>
            (await CreateAppClient().GitHubApps.GetRepositoryInstallationForCurrent(owner, repository)).Id));
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

    private GitHubClient Create(ICredentialStore credentials)
    {
        var baseUri = options.Value.ApiBaseUrl;
        if (!baseUri.AbsoluteUri.EndsWith('/'))
        {
            baseUri = new Uri(baseUri.AbsoluteUri + "/");
        }

        var http = new HttpClientAdapter(() => handlers.CreateHandler(HttpClientName));
        http.SetRequestTimeout(Timeout.InfiniteTimeSpan);
        var connection = new Connection(Product, baseUri, credentials, new UntimedOctokitHttp(http), new SimpleJsonSerializer());
        return new GitHubClient(connection);
    }
}
