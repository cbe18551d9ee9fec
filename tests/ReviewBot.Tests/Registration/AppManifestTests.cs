using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Registration;
using ReviewBot.Webhooks;

namespace ReviewBot.Tests.Registration;

/// <summary>
/// <c>.github/app-manifest.json</c> asks for what the code uses and nothing more: the events the router acts on, and the
/// permissions of the calls the bot makes, by GitHub's table of what each call needs (Resources/github-apps).
/// </summary>
public sealed partial class AppManifestTests
{
    /// <summary>GitHub delivers these to every App, unasked; a manifest cannot subscribe to them (PLATFORM-FACTS.md, [D5]).</summary>
    private static readonly HashSet<string> DeliveredToEveryApp = ["ping", "installation", "installation_repositories"];

    /// <summary>
    /// Operations the bot calls that Octokit's table has no row for, with the permission GitHub's REST reference gives
    /// each ("Fine-grained access tokens" / "Permissions required for GitHub Apps" on the operation's page).
    /// </summary>
    private static readonly Dictionary<string, (string Permission, string Access)?> NotInTheTable = new()
    {
        ["pulls/create-reply-for-review-comment"] = ("pull_requests", "write"),
        ["repos/compare-commits-with-basehead"] = ("contents", "read"),
        ["git/get-tree"] = ("contents", "read"),
        ["checks/list-for-ref"] = ("checks", "read"),
        ["repos/get-collaborator-permission-level"] = ("metadata", "read"),
        // Called with the App's JWT, or (the listing) with any installation token: no installation permission.
        ["apps/get-authenticated"] = null,
        ["apps/list-installations"] = null,
        ["apps/get-repo-installation"] = null,
        ["apps/create-installation-access-token"] = null,
        ["apps/list-repos-accessible-to-installation"] = null,
        // `register`, before the App exists: no credentials at all.
        ["apps/create-from-manifest"] = null,
    };

    /// <summary>What the bot does outside the REST API: git over HTTPS and one GraphQL mutation, each with the file that does it.</summary>
    private static readonly (string File, string Evidence, string Permission, string Access)[] BeyondRest =
    [
        ("src/ReviewBot/Workspace/FixBranch.Push.cs", "\"push\"", "contents", "write"),
        ("src/ReviewBot/GitHub/GitHubGraphQl.cs", "resolveReviewThread", "pull_requests", "write"),
    ];

    [Test]
    public void TheManifestSubscribesToExactlyTheEventsTheRouterActsOn()
    {
        using var app = new ReviewBotApplication();
        var router = app.Services.GetRequiredService<WebhookRouter>();
        var handled = File.ReadAllLines(Path.Combine(TestResources.Root, "github-apps", "webhook-events.txt"))
            .Where(e => e.Length > 0 && !DeliveredToEveryApp.Contains(e))
            // An empty delivery of an event the router acts on is refused for its missing fields; any other is ignored as unhandled.
            .Where(e => router.Route(e, Guid.NewGuid().ToString(), "{}") is not WebhookRoute.Ignore { Reason: var reason } || !reason.EndsWith("events are not handled", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.That(handled, Is.Not.Empty);
        Assert.That(Events(AppManifest.Template()), Is.EqualTo(handled));
    }

    [Test]
    public async Task TheManifestAsksForExactlyThePermissionsOfTheCallsTheBotMakes()
    {
        await using var github = await FakeGitHub.StartAsync();
        var table = JsonNode.Parse(File.ReadAllText(Path.Combine(TestResources.Root, "github-apps", "app-permissions.json")))!["paths"]!;
        var needed = new Dictionary<string, string>(StringComparer.Ordinal) { ["metadata"] = "read" };
        var unknown = new List<string>();
        foreach (var (method, pattern) in github.Routes.Where(r => !r.Pattern.Contains('*') && r.Pattern != "/graphql"))
        {
            var operation = GitHubOpenApi.Match(method, Sample(pattern));
            if (operation is null)
            {
                unknown.Add($"{method} {pattern} is no operation in GitHub's description");
                continue;
            }

            if (table[operation.Path]?[method.ToUpperInvariant()] is JsonObject row)
            {
                Need(needed, row["permission"]!.GetValue<string>(), row["access"]!.GetValue<string>());
            }
            else if (NotInTheTable.TryGetValue(operation.Id, out var known))
            {
                if (known is { } k)
                {
                    Need(needed, k.Permission, k.Access);
                }
            }
            else
            {
                unknown.Add($"{operation.Id} has no permission in the table or in NotInTheTable");
            }
        }

        foreach (var (file, evidence, permission, access) in BeyondRest)
        {
            Assert.That(File.ReadAllText(Path.Combine(SourceTree.Root, file)), Does.Contain(evidence), $"{file} no longer does what needs {permission}: {access}");
            Need(needed, permission, access);
        }

        Assert.That(unknown, Is.Empty);
        var asked = AppManifest.Template()["default_permissions"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());
        Assert.That(asked, Is.EquivalentTo(needed));
    }

    [Test]
    public void WithFixesOff_TheAppAsksToReadContentsOnly_AndKeepsTheRest()
    {
        var manifest = AppManifest.For("Team bot", new Uri("https://hooks.example.com/api/github/webhooks"), new Uri("http://127.0.0.1:8711/callback"), fixes: false);

        Assert.That(manifest["default_permissions"]!["contents"]!.GetValue<string>(), Is.EqualTo("read"));
        Assert.That(manifest["default_permissions"]!["pull_requests"]!.GetValue<string>(), Is.EqualTo("write"));
        Assert.That(manifest["name"]!.GetValue<string>(), Is.EqualTo("Team bot"));
        Assert.That(manifest["hook_attributes"]!["url"]!.GetValue<string>(), Is.EqualTo("https://hooks.example.com/api/github/webhooks"));
        Assert.That(manifest["redirect_url"]!.GetValue<string>(), Is.EqualTo("http://127.0.0.1:8711/callback"));
        Assert.That(Events(manifest), Is.EqualTo(Events(AppManifest.Template())));
    }

    [Test]
    public void TheEmbeddedManifestIsTheRepositorysFile()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(SourceTree.Root, ".github", "app-manifest.json")))!;

        Assert.That(JsonNode.DeepEquals(AppManifest.Template(), file), Is.True);
    }

    private static List<string> Events(JsonObject manifest) =>
        manifest["default_events"]!.AsArray().Select(e => e!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();

    private static void Need(Dictionary<string, string> needed, string permission, string access)
    {
        if (access == "write" || !needed.ContainsKey(permission))
        {
            needed[permission] = access;
        }
    }

    /// <summary>A concrete path for a route pattern: <c>{number:int}</c> becomes 1, any other parameter a word.</summary>
    private static string Sample(string pattern) => RouteParameter().Replace(pattern, m => m.Value.Contains(":int", StringComparison.Ordinal) || m.Value.Contains(":long", StringComparison.Ordinal) ? "1" : "x");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
