using Octokit;
using Octokit.Internal;

namespace ReviewBot.GitHub;

/// <summary>
/// Builds Octokit clients on the <c>github</c> handler pipeline from <see cref="IHttpMessageHandlerFactory"/> (API version
/// header, JSON content type, pacing, Polly resilience), against <c>GitHub:ApiBaseUrl</c> taken as given. It knows no
/// installation: the token minting and the App's own account use it, and <see cref="GitHubClientFactory"/> builds on it.
/// </summary>
public sealed class OctokitClients(IHttpMessageHandlerFactory handlers, IOptions<GitHubOptions> options, AppJwtFactory jwt)
{
    public const string HttpClientName = "github";

    private static readonly ProductHeaderValue Product = new("ReviewBot", typeof(OctokitClients).Assembly.GetName().Version?.ToString(3) ?? "0.1.0");

    /// <summary>The User-Agent product of calls made without Octokit (GraphQL).</summary>
    public static string UserAgent => $"{Product.Name}/{Product.Version}";

    /// <summary>A client authenticated as the App (JWT): for minting tokens and finding installations.</summary>
    public IGitHubClient CreateAppClient() => Create(new AppCredentialStore(jwt));

    public IGitHubClient Create(ICredentialStore credentials)
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
