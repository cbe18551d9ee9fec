using System.Text.Json.Nodes;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Spending;

/// <summary>
/// <c>@agent review</c> past a limit answers with the limit instead of queueing a review that would not start; and bots
/// cannot spend: a bot's pull request is not reviewed unless the repository asks, and a bot's comment is never a command.
/// </summary>
public sealed class SpendCommandAndBotTests : SpendTest
{
    private static readonly FakeAccount Writer = new("Codertocat", "User");

    [Test]
    public async Task Agent_review_past_a_limit_replies_with_the_limit_and_its_reset_and_starts_nothing()
    {
        GitHub.Permissions[Writer.Login] = "write";
        await using var app = App(new Dictionary<string, string?> { ["Spend:RepositoryTokensPerDay"] = "1000" });
        using var client = app.CreateClient();
        var reviewed = await OpenAsync(client);
        await CompletedAsync(reviewed);

        using var response = await client.SendAsync(WebhookSigner.Delivery("issue_comment", Comment(reviewed, "@agent review", Writer.Login, "User"), ReviewBotApplication.Secret));
        await Eventually(() => GitHub.Comments.Count > 0, "the reply", 10_000);

        var reply = GitHub.Comments.Single().Body;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reply, Does.StartWith("Sorry @Codertocat, I cannot review this now."));
            Assert.That(reply, Does.Contain("the repository's daily token limit of 1,000 tokens is reached")
                .And.Contain($"{SpendTest.ReviewTokens:N0} tokens were spent today (UTC)")
                .And.Contain("It resets at 2026-12-03 00:00 UTC"));
            Assert.That(GitHub.CheckRunsFor(reviewed.HeadSha), Has.Count.EqualTo(1), "no second run was started for the command");
            Assert.That(Model.Requests, Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task Agent_review_within_the_limits_reviews_again()
    {
        GitHub.Permissions[Writer.Login] = "write";
        await using var app = App(new Dictionary<string, string?> { ["Spend:RepositoryTokensPerDay"] = "100000" });
        using var client = app.CreateClient();
        var reviewed = await OpenAsync(client);
        await CompletedAsync(reviewed);

        await client.SendAsync(WebhookSigner.Delivery("issue_comment", Comment(reviewed, "@agent review", Writer.Login, "User"), ReviewBotApplication.Secret));
        await Eventually(() => Model.Requests.Count == 2, "the second review's model call", 30_000);

        Assert.That(GitHub.Comments, Is.Empty, "a review that is taken needs no reply");
    }

    [Test]
    public async Task What_an_explanation_spends_counts_against_the_reviews_budget()
    {
        GitHub.Permissions[Writer.Login] = "write";
        await using var app = App(new Dictionary<string, string?> { ["Spend:RepositoryTokensPerDay"] = "1000" });
        using var client = app.CreateClient();
        var pr = GitHub.AddPullRequest(Repository, 40, Repo.Write("notes/explain.md", "Why\n").Commit("Explain me"), 1, fileCount: 1, baseSha: BaseSha);
        pr.CloneUrl = Repo.FileUrl.ToString();
        GitHub.InstallationsByRepository[Repository] = 1;
        Model.Default = _ => FakeModelReply.Content("""{"answer":"It adds a note."}""");

        await client.SendAsync(WebhookSigner.Delivery("issue_comment", Comment(pr, "@agent explain", Writer.Login, "User"), ReviewBotApplication.Secret));
        await Eventually(() => GitHub.CommentEdits.Count > 0, "the explanation", 30_000);
        var refused = await ReviewAsync(client);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(GitHub.CommentEdits.Single().Body, Does.Contain("It adds a note."), "the explanation itself was not refused");
            Assert.That(Title(refused), Is.EqualTo("Not reviewed: repository's daily token limit is reached"));
            Assert.That(Summary(refused), Does.Contain($"{SpendTest.ReviewTokens:N0} tokens were spent today (UTC)"));
        }
    }

    [Test]
    public async Task A_pull_request_opened_by_a_bot_is_not_reviewed_by_default_and_costs_nothing()
    {
        await using var app = App(new Dictionary<string, string?>());
        using var client = app.CreateClient();
        var number = 2;
        var head = Repo.Write("notes/bot.md", "Bump\n").Commit("Bump a dependency");
        var pr = GitHub.AddPullRequest(Repository, number, head, 1, fileCount: 1, baseSha: BaseSha);
        pr.CloneUrl = Repo.FileUrl.ToString();
        pr.Author = new FakeAccount("dependabot[bot]", "Bot");

        await client.SendAsync(WebhookSigner.Delivery("pull_request", PullRequestWebhooks.PullRequest(pr, "opened"), ReviewBotApplication.Secret));
        var run = await CompletedAsync(pr);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Conclusion, Is.EqualTo("skipped"));
            Assert.That(Summary(run), Does.Contain(@"the pull request is by a bot (dependabot\[bot\])").And.Contain("review_bots: true"));
            Assert.That(Model.Requests, Is.Empty);
        }
    }

    [TestCase("Bot", "Bot", TestName = "A_bots_agent_review_comment_is_not_answered")]
    [TestCase("User", "Bot", TestName = "An_agent_review_comment_sent_by_a_bot_for_a_user_is_not_answered")]
    public async Task A_comment_from_a_bot_is_never_a_command(string authorType, string senderType)
    {
        GitHub.Permissions["other-agent[bot]"] = "write";
        await using var app = App(new Dictionary<string, string?>());
        using var client = app.CreateClient();
        var pr = GitHub.AddPullRequest(Repository, 2, BaseSha, 1, fileCount: 1, baseSha: BaseSha);
        var payload = JsonNode.Parse(Comment(pr, "@agent review", "other-agent[bot]", authorType))!;
        payload["sender"]!["type"] = senderType;

        using var response = await client.SendAsync(WebhookSigner.Delivery("issue_comment", payload.ToJsonString(), ReviewBotApplication.Secret));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Headers.GetValues("X-ReviewBot-Outcome").Single(), Does.StartWith("ignored"));
            Assert.That(GitHub.Comments, Is.Empty);
            Assert.That(GitHub.Reactions, Is.Empty);
            Assert.That(GitHub.CheckRunsFor(BaseSha), Is.Empty);
            Assert.That(Model.Requests, Is.Empty);
        }
    }

    private static string Comment(FakePullRequest pr, string body, string login, string type)
    {
        var payload = JsonNode.Parse(File.ReadAllText(TestResources.Webhook("issue_comment", "created.6.payload.json")))!;
        payload["repository"]!["full_name"] = Repository;
        payload["repository"]!["name"] = "Hello-World";
        payload["repository"]!["owner"]!["login"] = "Codertocat";
        payload["issue"]!["number"] = pr.Number;
        payload["comment"]!["body"] = body;
        payload["comment"]!["user"]!["login"] = login;
        payload["comment"]!["user"]!["type"] = type;
        payload["sender"]!["type"] = "User";
        return payload.ToJsonString();
    }
}
