using System.Text.Json.Nodes;

namespace ReviewBot.Registration;

/// <summary>
/// The GitHub App manifest (<c>.github/app-manifest.json</c>, embedded): the permissions and events ReviewBot uses, as
/// GitHub's manifest flow takes them. <c>register</c> fills in what only the user knows: the name, where webhooks go,
/// and the local page GitHub sends the user back to.
/// </summary>
public static class AppManifest
{
    private const string ResourceName = "ReviewBot.app-manifest.json";

    /// <summary>The manifest as it is in the repository.</summary>
    public static JsonObject Template()
    {
        using var stream = typeof(AppManifest).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        return JsonNode.Parse(stream)!.AsObject();
    }

    /// <summary>The manifest for one registration. Without fixes the App asks to read contents only: it never pushes.</summary>
    public static JsonObject For(string name, Uri webhookUrl, Uri redirectUrl, bool fixes)
    {
        ArgumentNullException.ThrowIfNull(webhookUrl);
        ArgumentNullException.ThrowIfNull(redirectUrl);
        var manifest = Template();
        manifest["name"] = name;
        manifest["hook_attributes"]!["url"] = webhookUrl.AbsoluteUri;
        manifest["redirect_url"] = redirectUrl.AbsoluteUri;
        if (!fixes)
        {
            manifest["default_permissions"]!["contents"] = "read";
        }
        return manifest;
    }
}
