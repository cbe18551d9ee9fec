using Octokit;

namespace ReviewBot.GitHub;

/// <summary>A GitHub App that the manifest flow created, with what only this one answer ever shows: its key and secrets.</summary>
public sealed record RegisteredApp(long Id, string Slug, Uri HtmlUrl, string PrivateKeyPem, string WebhookSecret, string ClientId, string ClientSecret);

/// <summary>
/// The last step of GitHub's manifest flow: <c>POST /app-manifests/{code}/conversions</c>, which takes no credentials (the
/// one-time code is the proof) and answers the new App's id, private key and webhook secret, once.
/// </summary>
public static class AppManifestConversion
{
    public static async Task<RegisteredApp> ConvertAsync(Uri apiBaseUrl, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(apiBaseUrl);
        var baseUri = apiBaseUrl.AbsoluteUri.EndsWith('/') ? apiBaseUrl : new Uri(apiBaseUrl.AbsoluteUri + "/");
        // The root as given (HOST/api/v3/ for a server): GitHubClient's own constructor would add /api/v3 to any other host again.
        var product = new ProductHeaderValue("ReviewBot", typeof(AppManifestConversion).Assembly.GetName().Version?.ToString(3) ?? "0.1.0");
        var client = new GitHubClient(new Connection(product, baseUri));
        var app = await client.GitHubApps.CreateAppFromManifest(code).WaitAsync(cancellationToken);
        if (app.Id <= 0 || string.IsNullOrWhiteSpace(app.Pem) || string.IsNullOrWhiteSpace(app.WebhookSecret))
        {
            throw new InvalidOperationException("GitHub's answer to the manifest conversion lacks the App's id, key or webhook secret.");
        }
        return new RegisteredApp(app.Id, app.Slug, new Uri(app.HtmlUrl), app.Pem, app.WebhookSecret, app.ClientId, app.ClientSecret);
    }
}
