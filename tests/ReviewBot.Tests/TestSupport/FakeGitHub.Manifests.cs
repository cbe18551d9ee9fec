using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ReviewBot.Tests.TestSupport;

/// <summary>
/// The end of GitHub's App manifest flow: <c>POST /app-manifests/{code}/conversions</c>, which takes no credentials and
/// answers the created App once per code (GitHub's codes work once, for an hour). The App it answers is this fake's own
/// (<see cref="AppId"/>, the test key), so a service started with what the answer holds authenticates here.
/// </summary>
public sealed partial class FakeGitHub
{
    private readonly HashSet<string> _manifestCodes = new(StringComparer.Ordinal);

    /// <summary>The webhook secret the last conversion answered.</summary>
    public string? ConvertedWebhookSecret { get; private set; }

    /// <summary>A code as GitHub puts it on the redirect after the user created the App from a manifest.</summary>
    public string AddManifestCode()
    {
        var code = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
        lock (_lock)
        {
            _manifestCodes.Add(code);
        }
        return code;
    }

    private void MapManifestRoutes(WebApplication app) =>
        app.MapPost("/app-manifests/{code}/conversions", (string code) => ConvertManifest(code));

    private IResult ConvertManifest(string code)
    {
        lock (_lock)
        {
            if (!_manifestCodes.Remove(code))
            {
                return Error(404, "Not Found");
            }

            ConvertedWebhookSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
            var app = Example("apps/create-from-manifest");
            app["id"] = AppId;
            app["slug"] = AppSlug;
            app["name"] = AppSlug;
            app["html_url"] = $"https://github.com/apps/{AppSlug}";
            app["pem"] = TestKeys.PrivateKeyPem;
            app["webhook_secret"] = ConvertedWebhookSecret;
            return Json(201, app);
        }
    }
}
