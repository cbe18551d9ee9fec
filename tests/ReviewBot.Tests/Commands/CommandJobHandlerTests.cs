using System.Net;
using System.Text.Json.Nodes;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Commands;

public class CommandJobHandlerTests
{
    private const string Repository = "runatlantis/atlantis-tests";

    private static async Task<(FakeGitHub GitHub, ReviewBotApplication App, HttpClient Client)> StartAsync()
    {
        var github = await FakeGitHub.StartAsync();
        github.InstallationsByRepository[Repository] = 1;
        github.Permissions["runatlantis"] = "write";
        var app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(github));
        return (github, app, app.CreateClient());
    }

    private static async Task<HttpResponseMessage> CommentAsync(HttpClient client, string body)
    {
        var payload = JsonNode.Parse(File.ReadAllText(TestResources.Webhook("issue_comment", "created.6.payload.json")))!;
        payload["comment"]!["body"] = body;
        return await client.SendAsync(WebhookSigner.Delivery("issue_comment", payload.ToJsonString(), ReviewBotApplication.Secret));
    }

    [Test]
    public async Task AnUnknownVerb_IsQuotedAsCodeThatCannotBreakOut()
    {
        var (github, app, client) = await StartAsync();
        await using var _ = github;
        await using var __ = app;
        using var ___ = client;

        using var response = await CommentAsync(client, "@agent fo`o");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        for (var i = 0; i < 500 && github.Comments.Count == 0; i++)
        {
            await Task.Delay(20);
        }

        Assert.That(github.Comments.Single().Body, Does.StartWith("I don't know ``fo`o`` yet."));
    }

    [TestCase("```\n@agent review\n```")]
    [TestCase("<!-- @agent review -->")]
    [TestCase("Try `@agent review` next time.")]
    [TestCase("> @agent review")]
    public async Task AMentionThatIsNotProse_GetsNoJob_NoReactionAndNoReply(string body)
    {
        var (github, app, client) = await StartAsync();
        await using var _ = github;
        await using var __ = app;
        using var ___ = client;

        using var response = await CommentAsync(client, body);
        await Task.Delay(300);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.GetValues("X-ReviewBot-Outcome").Single(), Does.StartWith("ignored"));
            Assert.That(github.Comments, Is.Empty);
            Assert.That(github.Reactions, Is.Empty);
        }
    }
}
