using System.Net;
using System.Text.Json.Nodes;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Webhooks;

namespace ReviewBot.Tests.Webhooks;

/// <summary>
/// Signed deliveries whose fields have the wrong type. Each of these once got 200 "queued review" and then stopped the
/// service from a background loop; now the door refuses them with 400 naming the field, and nothing is queued.
/// </summary>
public class WebhookValidationTests : WebhookTest
{
    private static JsonNode Opened() =>
        JsonNode.Parse(File.ReadAllText(TestResources.Webhook("pull_request", "opened.2.payload.json")))!;

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(JsonNode payload, string eventName = "pull_request")
    {
        using var response = await Client.SendAsync(WebhookSigner.Delivery(eventName, payload.ToJsonString(), ReviewBotApplication.Secret));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [TestCase("installation.id", "1.5")]
    [TestCase("installation.id", "1e30")]
    [TestCase("installation.id", "\"123\"")]
    [TestCase("installation.id", "null")]
    [TestCase("installation.id", "-4")]
    [TestCase("installation", "null")]
    [TestCase("repository.name", "null")]
    [TestCase("repository.owner.login", "null")]
    [TestCase("repository.owner", "[]")]
    [TestCase("repository.full_name", "\"someone/else\"")]
    [TestCase("repository.name", "\"../../etc\"")]
    [TestCase("repository.name", "\"na\u00efve\"")]
    [TestCase("number", "1e30")]
    [TestCase("number", "0")]
    [TestCase("number", "\"1\"")]
    [TestCase("pull_request.head.sha", "\"not-a-sha\"")]
    [TestCase("pull_request.head.sha", "12345")]
    [TestCase("pull_request.draft", "\"no\"")]
    public async Task PullRequestWithAFieldOfTheWrongType_Is400NamingIt_AndQueuesNothing(string path, string json)
    {
        var payload = Opened();
        Set(payload, path, JsonNode.Parse(json));

        var (status, body) = await SendAsync(payload);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body);
            Assert.That(body, Does.Contain(path.Split('.')[0]));
            Assert.That(App.Queue.Pending, Is.Empty);
        }
    }

    [Test]
    public async Task PullRequestFromARepositoryWebhook_WithoutAnInstallation_IsQueued()
    {
        var payload = Opened();
        payload.AsObject().Remove("installation");

        var (status, body) = await SendAsync(payload);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(App.Queue.Pending.Single().Review!.InstallationId, Is.Null);
    }

    [TestCase("comment.user.login", "\"../../../../user?x=1#\"")]
    [TestCase("comment.user.login", "\"admin/permission?x=\"")]
    [TestCase("comment.id", "\"7\"")]
    [TestCase("comment.user.login", "null")]
    [TestCase("comment.user.type", "7")]
    [TestCase("issue.number", "2.5")]
    [TestCase("repository.owner.login", "null")]
    public async Task CommandWithAFieldOfTheWrongType_Is400(string path, string json)
    {
        var payload = JsonNode.Parse(File.ReadAllText(TestResources.Webhook("issue_comment", "created.6.payload.json")))!;
        payload["comment"]!["body"] = "@agent review";
        Set(payload, path, JsonNode.Parse(json));

        var (status, body) = await SendAsync(payload, "issue_comment");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That(App.Queue.Pending, Is.Empty);
    }

    [TestCase("action")]
    [TestCase("repository.name")]
    public async Task HalfASurrogatePair_Is400_NotA500(string path)
    {
        var payload = Opened();
        Set(payload, path, JsonValue.Create("__lone__"));
        var body = payload.ToJsonString().Replace("\"__lone__\"", "\"\\ud800x\"", StringComparison.Ordinal);

        using var response = await Client.SendAsync(WebhookSigner.Delivery("pull_request", body, ReviewBotApplication.Secret));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
    }

    [TestCase("[{\"number\": \"2\"}]", "check_run.pull_requests[].number")]
    [TestCase("[7]", "check_run.pull_requests[]")]
    [TestCase("{}", "check_run.pull_requests")]
    public async Task RerunNamingPullRequestsOfTheWrongType_Is400NamingTheArray(string pullRequests, string named)
    {
        var payload = JsonNode.Parse(File.ReadAllText(TestResources.Webhook("check_run", "rerequested.1.payload.json")))!;
        payload["check_run"]!["app"]!["id"] = ReviewBotApplication.AppId;
        payload["check_run"]!["pull_requests"] = JsonNode.Parse(pullRequests);

        var (status, body) = await SendAsync(payload, "check_run");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That(body, Does.Contain(named + " must be"));
    }

    [TestCase("installation", "created.1.payload.json", "installation.account.login", "\"line\\nbreak\"")]
    [TestCase("installation", "created.1.payload.json", "action", "\"@@LONG@@\"")]
    [TestCase("installation_repositories", "added.1.payload.json", "repositories_added", "[{\"full_name\": \"a/b\\nc\"}]")]
    [TestCase("installation_repositories", "added.1.payload.json", "repositories_added", "[{\"full_name\": \"no-slash\"}]")]
    public async Task InstallationChangeWithAFieldThatCannotBeStoredSafely_Is400(string eventName, string file, string path, string json)
    {
        var payload = JsonNode.Parse(File.ReadAllText(TestResources.Webhook(eventName, file)))!;
        Set(payload, path, JsonNode.Parse(json.Replace("@@LONG@@", new string('a', 1_000_000), StringComparison.Ordinal)));

        var (status, body) = await SendAsync(payload, eventName);

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That(App.Queue.Pending, Is.Empty);
    }

    [TestCase("not a guid")]
    [TestCase("id\u00e9")]
    [TestCase("@@LONG@@")]
    public async Task ADeliveryIdThatIsNotAnId_Is400(string id)
    {
        var body = File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json"));
        using var request = WebhookSigner.Delivery("pull_request", body, ReviewBotApplication.Secret);
        request.Headers.Remove("X-GitHub-Delivery");
        request.Headers.TryAddWithoutValidation("X-GitHub-Delivery", id.Replace("@@LONG@@", new string('a', 30_000), StringComparison.Ordinal));

        using var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(App.Queue.Pending, Is.Empty);
    }

    [Test]
    public async Task CommentOfEmojiWithinGitHubsCharacterLimit_IsQueued()
    {
        var payload = JsonNode.Parse(File.ReadAllText(TestResources.Webhook("issue_comment", "created.6.payload.json")))!;
        payload["comment"]!["body"] = "@agent review " + string.Concat(Enumerable.Repeat("\ud83d\ude00", 40_000));

        var (status, body) = await SendAsync(payload, "issue_comment");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body);
    }

    [Test]
    public async Task CommentLongerThanGitHubAllows_Is400()
    {
        var payload = JsonNode.Parse(File.ReadAllText(TestResources.Webhook("issue_comment", "created.6.payload.json")))!;
        payload["comment"]!["body"] = "@agent review " + new string('x', 65_536);

        var (status, _) = await SendAsync(payload, "issue_comment");

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [TestCase("caf\u00e9")]
    [TestCase("line\r\nX-Injected: yes")]
    [TestCase("bell\u0007")]
    [TestCase("\ud83d\ude00 emoji")]
    [TestCase("100%")]
    public async Task ActionWithCharactersAHeaderCannotCarry_IsAnsweredWithAnEncodedOutcome(string action)
    {
        var payload = Opened();
        payload["action"] = action;

        using var response = await Client.SendAsync(WebhookSigner.Delivery("pull_request", payload.ToJsonString(), ReviewBotApplication.Secret));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var outcome = response.Headers.GetValues(WebhookIngestProcessor.OutcomeHeader).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome, Does.Match("^[ -~]*$"));
            Assert.That(response.Headers.Contains("X-Injected"), Is.False);
            Assert.That(Uri.UnescapeDataString(outcome), Does.Contain(action));
        }
    }

    /// <summary>Sets a dotted path, creating nothing: the path's parent must exist in the real example.</summary>
    private static void Set(JsonNode root, string path, JsonNode? value)
    {
        var segments = path.Split('.');
        var parent = segments[..^1].Aggregate(root, (node, segment) => node[segment]!);
        parent[segments[^1]] = value;
    }
}
