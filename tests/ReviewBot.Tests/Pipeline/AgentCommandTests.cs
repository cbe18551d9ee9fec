using System.Net;
using System.Text.Json.Nodes;
using ReviewBot.GitHub;
using ReviewBot.Tests.TestSupport;
using static ReviewBot.Tests.TestSupport.FakeModelReply;

namespace ReviewBot.Tests.Pipeline;

/// <summary>
/// <c>@agent explain</c> and the front half of <c>@agent fix</c>, end to end: a real review-comment or issue-comment webhook,
/// the real Octokit client against the fake GitHub, a real git fetch, the real SDK against the scripted model. The command
/// gets 👀 at once and one reply in the same place, edited in place with the answer.
/// </summary>
public sealed class AgentCommandTests : FakeGitHubTest
{
    private const string Repository = "Codertocat/Hello-World";
    private static readonly FakeAccount Bot = new("reviewbot-under-test[bot]", "Bot");
    private static readonly FakeAccount Writer = new("Codertocat", "User");

    private TestRepository _repo = null!;
    private FakePullRequest _pr = null!;
    private FakeModel _model = null!;
    private ReviewBotApplication _app = null!;

    [SetUp]
    public async Task Start()
    {
        _client = null;
        (_repo, var baseSha, var headSha) = BillingRepository.Create();
        _pr = GitHub.AddPullRequest(Repository, 2, headSha, installationId: 1, fileCount: 1, baseSha: baseSha);
        _pr.CloneUrl = _repo.FileUrl.ToString();
        GitHub.InstallationsByRepository[Repository] = 1;
        GitHub.Permissions[Writer.Login] = "write";
        _model = await FakeModel.StartAsync();
        _app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub, _model.Settings(new Dictionary<string, string?>
        {
            ["Workspace:Root"] = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "agent-" + Guid.NewGuid().ToString("N")[..8]),
        })));
    }

    [TearDown]
    public async Task Stop()
    {
        _client?.Dispose();
        await _app.DisposeAsync();
        await _model.DisposeAsync();
        _repo.Dispose();
    }

    [Test]
    public async Task Explain_in_a_finding_thread_answers_about_those_lines_in_that_thread_edited_in_place()
    {
        var finding = GitHub.AddReviewComment(_pr, BillingRepository.InvoicePath, 12, "🟠 **P1** Loop skips the first invoice line", Bot);
        var ask = GitHub.AddReviewComment(_pr, BillingRepository.InvoicePath, 12, "@agent explain why is that a bug?", Writer, inReplyTo: finding.Id);
        _model.Default = _ => Content("""{"answer":"The loop starts at 1, so `_lines[0]` is never added. Ping @octocat ![x](https://evil.example/x.png)"}""");

        using var response = await ReviewCommentAsync(ask);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await Eventually(() => GitHub.CommentEdits.Count > 0, "the reply to be edited with the answer", 30_000);

        var reply = GitHub.ReviewComments.Single(c => c.Author is null && c.InReplyTo == finding.Id);
        var prompt = FakeModel.Prompt(_model.Requests.Single());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(GitHub.Reactions, Is.EqualTo(new[] { (ask.Id, "eyes") }));
            Assert.That(GitHub.ReviewComments.Count(c => c.Author is null), Is.EqualTo(1), "one reply, in the thread, on its first comment");
            Assert.That(reply.Body, Does.StartWith("> why is that a bug?").And.Contain("so `_lines[0]` is never added"));
            Assert.That(reply.Body, Does.Not.Contain("@octocat").And.Not.Contain("![x]"), "the model's answer is defanged");
            Assert.That(reply.Body, Does.Contain("Asked by @Codertocat"));
            Assert.That(prompt, Does.Contain("Loop skips the first invoice line"), "the thread's comment is in the prompt");
            Assert.That(prompt, Does.Contain("12 > ").And.Contain(BillingRepository.BuggyLoop), "and the numbered lines it is on");
        }
    }

    [Test]
    public async Task Explain_in_the_conversation_answers_about_the_pull_request()
    {
        _model.Default = _ => Content("""{"answer":"It routes invoice totals through the discount rules."}""");

        using var response = await IssueCommentAsync("@agent explain");
        await Eventually(() => GitHub.CommentEdits.Count > 0, "the reply to be edited with the answer", 30_000);

        Assert.That(GitHub.Comments.Single().Body, Does.Contain("routes invoice totals through the discount rules"));
        Assert.That(FakeModel.Prompt(_model.Requests.Single()), Does.Contain("Explain this pull request.").And.Contain(BillingRepository.InvoicePath));
    }

    [Test]
    public async Task A_model_answer_that_does_not_fit_says_so_in_the_reply()
    {
        _model.Default = _ => Content("""{"not_answer": 3}""");

        using var response = await IssueCommentAsync("@agent explain what changed?");
        await Eventually(() => GitHub.CommentEdits.Count > 0, "the reply to be edited", 30_000);

        Assert.That(GitHub.Comments.Single().Body, Does.StartWith("I could not answer: the model gave no usable answer"));
    }

    [Test]
    public async Task A_closed_pull_request_gets_a_reply_and_no_model_call()
    {
        _pr.State = "closed";

        using var response = await IssueCommentAsync("@agent explain");
        await Eventually(() => GitHub.CommentEdits.Count > 0, "the reply to be edited", 30_000);

        Assert.That(GitHub.Comments.Single().Body, Is.EqualTo("Nothing done: the pull request is closed."));
        Assert.That(_model.Requests, Is.Empty);
    }

    [Test]
    public async Task Fix_in_the_conversation_without_saying_what_asks_what_to_fix_and_queues_nothing()
    {
        using var response = await IssueCommentAsync("@agent fix this");
        await Eventually(() => GitHub.Comments.Count > 0, "the reply", 10_000);
        await Task.Delay(200);

        Assert.That(GitHub.Comments.Single().Body, Does.StartWith("Say what to fix, @Codertocat"));
        Assert.That(GitHub.CommentEdits, Is.Empty);
    }

    [Test]
    public async Task Someone_without_write_access_is_refused_politely_and_nothing_runs()
    {
        GitHub.Permissions[Writer.Login] = "read";

        using var response = await IssueCommentAsync("@agent explain");
        await Eventually(() => GitHub.Comments.Count > 0, "the refusal", 10_000);
        await Task.Delay(200);

        Assert.That(GitHub.Comments.Single().Body, Does.StartWith("Sorry @Codertocat, only people with write access"));
        Assert.That(_model.Requests, Is.Empty);
    }

    [Test]
    public async Task The_apps_own_mention_works_once_its_account_is_known()
    {
        await _app.Services.GetRequiredService<BotAccount>().LoginAsync(CancellationToken.None);
        _model.Default = _ => Content("""{"answer":"Yes."}""");

        using var response = await IssueCommentAsync("@reviewbot-under-test explain is this safe?");
        Assert.That(response.Headers.GetValues("X-ReviewBot-Outcome").Single(), Does.StartWith("queued"));
        await Eventually(() => GitHub.CommentEdits.Count > 0, "the answer", 30_000);

        Assert.That(GitHub.Comments.Single().Body, Does.Contain("Yes."));
    }

    [TestCase("@copilot explain this")]
    [TestCase("@codex fix this")]
    [TestCase("@claude explain")]
    [TestCase("@agents explain")]
    public async Task A_mention_of_another_agent_is_not_a_command(string body)
    {
        using var response = await IssueCommentAsync(body);

        Assert.That(response.Headers.GetValues("X-ReviewBot-Outcome").Single(), Does.StartWith("ignored"));
    }

    [TestCase("issue_comment", "edited.1.payload.json", TestName = "An_edited_conversation_comment_is_not_a_command")]
    [TestCase("pull_request_review_comment", "edited.1.payload.json", TestName = "An_edited_review_comment_is_not_a_command")]
    [TestCase("issue_comment", "deleted.1.payload.json", TestName = "A_deleted_comment_is_not_a_command")]
    public async Task A_comment_that_was_not_just_written_is_not_a_command(string eventName, string file)
    {
        var payload = JsonNode.Parse(File.ReadAllText(TestResources.Webhook(eventName, file)))!;
        payload["comment"]!["body"] = "@agent fix this";

        using var response = await Client().SendAsync(WebhookSigner.Delivery(eventName, payload.ToJsonString(), ReviewBotApplication.Secret));

        Assert.That(response.Headers.GetValues("X-ReviewBot-Outcome").Single(), Does.StartWith("ignored"));
    }

    [Test]
    public async Task A_command_written_by_a_bot_is_not_a_command()
    {
        var payload = JsonNode.Parse(File.ReadAllText(TestResources.Webhook("issue_comment", "created.6.payload.json")))!;
        payload["comment"]!["body"] = "@agent fix the parser";
        payload["comment"]!["user"]!["login"] = "reviewbot-under-test[bot]";
        payload["comment"]!["user"]!["type"] = "Bot";

        using var response = await Client().SendAsync(WebhookSigner.Delivery("issue_comment", payload.ToJsonString(), ReviewBotApplication.Secret));

        Assert.That(response.Headers.GetValues("X-ReviewBot-Outcome").Single(), Does.StartWith("ignored"));
    }

    private Task<HttpResponseMessage> IssueCommentAsync(string body)
    {
        var payload = JsonNode.Parse(File.ReadAllText(TestResources.Webhook("issue_comment", "created.6.payload.json")))!;
        payload["repository"]!["full_name"] = Repository;
        payload["repository"]!["name"] = "Hello-World";
        payload["repository"]!["owner"]!["login"] = "Codertocat";
        payload["issue"]!["number"] = _pr.Number;
        payload["comment"]!["body"] = body;
        payload["comment"]!["user"]!["login"] = Writer.Login;
        payload["comment"]!["user"]!["type"] = "User";
        payload["sender"]!["type"] = "User";
        return Client().SendAsync(WebhookSigner.Delivery("issue_comment", payload.ToJsonString(), ReviewBotApplication.Secret));
    }

    private Task<HttpResponseMessage> ReviewCommentAsync(FakeReviewComment comment)
    {
        var payload = JsonNode.Parse(File.ReadAllText(TestResources.Webhook("pull_request_review_comment", "created.1.payload.json")))!;
        payload["pull_request"]!["number"] = _pr.Number;
        payload["comment"]!["id"] = comment.Id;
        payload["comment"]!["in_reply_to_id"] = comment.InReplyTo;
        payload["comment"]!["body"] = comment.Body;
        payload["comment"]!["user"]!["login"] = Writer.Login;
        return Client().SendAsync(WebhookSigner.Delivery("pull_request_review_comment", payload.ToJsonString(), ReviewBotApplication.Secret));
    }

    private HttpClient? _client;

    private HttpClient Client() => _client ??= _app.CreateClient();
}
