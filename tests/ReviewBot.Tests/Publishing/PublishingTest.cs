using System.Text.Json.Nodes;
using ReviewBot.Tests.TestSupport;
using static ReviewBot.Tests.TestSupport.FakeModelReply;

namespace ReviewBot.Tests.Publishing;

/// <summary>
/// Base for end-to-end publishing tests: the billing repository's pull request #2 on the fake GitHub, a scripted model,
/// real webhook payloads, and the bot started (and restarted) as a user would run it.
/// </summary>
public abstract class PublishingTest : FakeGitHubTest
{
    protected const string Repository = "Codertocat/Hello-World";
    protected const string Invoice = BillingRepository.InvoicePath;

    protected TestRepository Repo { get; private set; } = null!;
    protected string Base { get; set; } = "";
    protected string Head { get; private set; } = "";
    protected FakeModel Model { get; private set; } = null!;
    protected FakePullRequest Pull { get; set; } = null!;
    private string _workspace = "";

    [SetUp]
    public async Task CreatePullRequest()
    {
        var (repo, baseSha, headSha) = BillingRepository.Create();
        (Repo, Base, Head) = (repo, baseSha, headSha);
        Model = await FakeModel.StartAsync();
        Pull = GitHub.AddPullRequest(Repository, 2, Head, installationId: 1, fileCount: 0, baseSha: Base);
        Pull.CloneUrl = Repo.FileUrl.ToString();
        Pull.Files.AddRange(FakeGitHub.FilesFromRepository(Repo, Base, Head));
        _workspace = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "pub-" + Guid.NewGuid().ToString("N")[..8]);
    }

    [TearDown]
    public async Task RemovePullRequest()
    {
        await Model.DisposeAsync();
        Repo.Dispose();
    }

    protected static JsonObject Loop() => Finding(Invoice, 12, 12, "P1", 0.92, "Loop skips the first invoice line",
        "The loop starts at 1, so the first amount is never added and every total is short.",
        [(Invoice, 12, BillingRepository.BuggyLoop)], replacement: "        for (var i = 0; i < _lines.Count; i++)");

    protected static JsonObject Discount() => Finding(Invoice, 14, 16, "P1", 0.85, "Total applies a discount of zero through the rules",
        "Apply(sum, 0) runs the rounding of the discount rules on every total, so totals can change by a cent.",
        [(Invoice, 16, "return Discounts.Apply(sum, 0);")]);

    protected ReviewBotApplication App() => new(ReviewBotApplication.WithGitHub(GitHub, Model.Settings(new Dictionary<string, string?>
    {
        ["Workspace:Root"] = _workspace,
        ["Feedback:Directory"] = FeedbackDirectory,
    }.Concat(Settings).ToDictionary())));

    /// <summary>More settings for every app the test starts.</summary>
    protected Dictionary<string, string?> Settings { get; } = [];

    /// <summary>The feedback rules' folder of this test: every app it starts (a restart) reads the same rules.</summary>
    protected string FeedbackDirectory => _workspace + "-feedback";

    protected static async Task<HttpResponseMessage> DeliverAsync(ReviewBotApplication app, string eventName, JsonNode payload, string? deliveryId = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(payload);
        using var client = app.CreateClient();
        return await client.SendAsync(WebhookSigner.Delivery(eventName, System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString()),
            ReviewBotApplication.Secret, deliveryId));
    }

    protected JsonNode PullRequestPayload(string action)
    {
        var json = JsonNode.Parse(File.ReadAllBytes(TestResources.Webhook("pull_request", action == "opened" ? "opened.2.payload.json" : "synchronize.1.payload.json")))!;
        json["pull_request"]!["head"]!["sha"] = Pull.HeadSha;
        json["pull_request"]!["base"]!["sha"] = Base;
        return json;
    }

    /// <summary>
    /// The annotations the bot sent, once there are <paramref name="expected"/> of them: they are sent after the run completed
    /// (GitHub appends them), so a test that saw the run complete may be a moment early.
    /// </summary>
    protected async Task<List<JsonNode?>> AnnotationsAsync(int expected)
    {
        List<JsonNode?> Sent() => GitHub.Requests.Where(r => r.Method == "PATCH").SelectMany(r => r.Json?["output"]?["annotations"]?.AsArray() ?? []).ToList();
        await Eventually(() => Sent().Count >= expected, $"{expected} annotation(s) to be sent");
        return Sent();
    }

    protected JsonNode RerunPayload() => JsonNode.Parse(PullRequestWebhooks.Rerun(Pull))!;

    protected async Task<FakeCheckRun> CompletedRunAsync(string sha, int count = 1)
    {
        await Eventually(() => GitHub.CheckRunsFor(sha).Count(r => r.Status == "completed") >= count, $"{count} completed check run(s) on {sha[..7]}", 30_000);
        return GitHub.CheckRunsFor(sha).Where(r => r.Status == "completed").OrderBy(r => r.Id).Last();
    }

    /// <summary>The pull request opened and reviewed by a bot started for it, stopped again after.</summary>
    protected async Task ReviewOpenedAsync()
    {
        await using var app = App();
        await DeliverAsync(app, "pull_request", PullRequestPayload("opened"));
        await CompletedRunAsync(Head);
    }

    protected List<FakeReview> PostedReviews() => GitHub.Reviews.Where(r => r.State != "PENDING").ToList();

    /// <summary>The reviews the App posted (what another account wrote is left out).</summary>
    protected List<FakeReview> ReviewsByTheApp() => PostedReviews().Where(r => r.Author is null && r.Body.Length > 0).ToList();
}
