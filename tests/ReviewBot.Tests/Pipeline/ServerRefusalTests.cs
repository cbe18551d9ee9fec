using System.Text.Json.Nodes;
using ReviewBot.Tests.TestSupport;
using static ReviewBot.Tests.TestSupport.FakeModelReply;

namespace ReviewBot.Tests.Pipeline;

/// <summary>
/// The server's App is given what it needs at installation, so a 403 from GitHub is a failure there, and a rate limit
/// (also a 403) is never taken for a missing permission: only a workflow's token may review without a check run or
/// without posting.
/// </summary>
public sealed class ServerRefusalTests : FakeGitHubTest
{
    private const string Repository = "Codertocat/Hello-World";

    private async Task<(FakeModel Model, ReviewBotApplication App, string Head, TestRepository Repo)> StartAsync()
    {
        var (repo, baseSha, headSha) = BillingRepository.Create();
        var model = await FakeModel.StartAsync();
        model.Default = _ => Review("partial", "The loop drops the first line.",
            Finding(BillingRepository.InvoicePath, 12, 12, "P0", 0.92, "Loop skips the first invoice line",
                "The loop starts at 1, so the first amount is never added.", [(BillingRepository.InvoicePath, 12, BillingRepository.BuggyLoop)]));
        var pr = GitHub.AddPullRequest(Repository, 2, headSha, installationId: 1, fileCount: 1, baseSha: baseSha);
        pr.CloneUrl = repo.FileUrl.ToString();
        var app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub, model.Settings(new Dictionary<string, string?>
        {
            ["Workspace:Root"] = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "refusal-" + Guid.NewGuid().ToString("N")[..8]),
            ["GitHub:MaxRateLimitWait"] = "00:00:00.200",
            ["GitHub:CheckRunCompletionWindow"] = "00:00:02",
        })));
        var payload = JsonNode.Parse(File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json")))!;
        payload["pull_request"]!["head"]!["sha"] = headSha;
        payload["pull_request"]!["base"]!["sha"] = baseSha;
        using var client = app.CreateClient();
        using var response = await client.SendAsync(WebhookSigner.Delivery("pull_request", payload.ToJsonString(), ReviewBotApplication.Secret));
        return (model, app, headSha, repo);
    }

    [TestCase(FaultKind.SecondaryRateLimit, TestName = "A_rate_limited_check_run_create_is_no_review_without_a_run")]
    [TestCase(FaultKind.PermissionRefusal, TestName = "A_refused_check_run_create_is_no_review_without_a_run_on_the_server")]
    public async Task A_check_run_GitHub_refuses_on_the_server_stops_the_review(FaultKind kind)
    {
        GitHub.Faults = new FaultSchedule().Always("POST", "/check-runs", kind);
        var (model, app, _, repo) = await StartAsync();
        await using var __ = model;
        await using var ___ = app;
        using var ____ = repo;

        await Eventually(() => GitHub.Requests.Any(r => r.Method == "POST" && r.Path.EndsWith("/check-runs", StringComparison.Ordinal)),
            "the check run to be asked for", 20_000);
        // Time for the job to run after the announcement failed: it must not go on without a run.
        await Task.Delay(2_000);

        Assert.That(model.Requests, Is.Empty, "nothing was reviewed");
        Assert.That(GitHub.Reviews, Is.Empty);
    }

    [Test]
    public async Task A_rate_limited_review_post_on_the_server_is_a_failed_run_not_a_finished_review()
    {
        GitHub.Faults = new FaultSchedule().Always("POST", "/reviews", FaultKind.SecondaryRateLimit);
        var (model, app, head, repo) = await StartAsync();
        await using var __ = model;
        await using var ___ = app;
        using var ____ = repo;

        await Eventually(() => GitHub.CheckRunsFor(head) is [{ Status: "completed" }], "the check run to complete", 30_000);

        var run = GitHub.CheckRunsFor(head).Single();
        Assert.That(run.Output!["title"]!.GetValue<string>(), Is.EqualTo("ReviewBot could not finish"));
        Assert.That(run.Output["summary"]!.GetValue<string>(), Does.Not.Contain("was not posted"));
    }
}
