using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Pipeline;

/// <summary>From a signed webhook to a completed check run, on the fake GitHub with the real Octokit client.</summary>
public class ReviewSliceTests : FakeGitHubTest
{
    private const string Repository = "Codertocat/Hello-World";
    private const string HeadSha = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";

    [Test]
    public async Task Opened_CreatesAnInProgressCheckRun_ThenCompletesItWithTheFilesAndTheRerunButton()
    {
        GitHub.AddPullRequest(Repository, 2, HeadSha, installationId: 1, fileCount: 3);
        await using var app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub));
        using var client = app.CreateClient();

        using var response = await client.SendAsync(WebhookSigner.Delivery("pull_request",
            File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json")), ReviewBotApplication.Secret));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await Eventually(() => GitHub.CheckRunsFor(HeadSha) is [{ Status: "completed" }], "the check run to complete");

        var run = GitHub.CheckRunsFor(HeadSha).Single();
        var summary = run.Output!["summary"]!.GetValue<string>();
        var action = (JsonObject)run.Actions!.Single()!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Name, Is.EqualTo("ReviewBot"));
            Assert.That(run.StatusHistory, Is.EqualTo(new[] { "queued", "in_progress", "completed" }));
            Assert.That(run.Conclusion, Is.EqualTo("neutral"));
            Assert.That(run.Output["title"]!.GetValue<string>(), Is.EqualTo("3 files changed"));
            Assert.That(summary, Does.Contain("`src/File1.cs`").And.Contain("`src/File2.cs`").And.Contain("`src/File3.cs`"));
            Assert.That(action["label"]!.GetValue<string>(), Is.EqualTo("Re-run review"));
            Assert.That(action["identifier"]!.GetValue<string>(), Is.EqualTo("rerun-review"));
        }

        // One token; the check run created queued when the job is queued (in the background, so in any order with the job),
        // its runs for the commit read (GitHub is the record of what was reviewed), in progress, one page of files, completed.
        Assert.That(GitHub.Requests.Select(r => $"{r.Method} {r.Path}"), Is.EquivalentTo(new[]
        {
            "POST /app/installations/1/access_tokens",
            "POST /repos/Codertocat/Hello-World/check-runs",
            "GET /repos/Codertocat/Hello-World/commits/" + HeadSha + "/check-runs",
            "PATCH /repos/Codertocat/Hello-World/check-runs/" + run.Id,
            "GET /repos/Codertocat/Hello-World/pulls/2/files",
            "PATCH /repos/Codertocat/Hello-World/check-runs/" + run.Id,
        }));
        Assert.That(GitHub.Requests.Select(r => r.ApiVersion), Is.All.EqualTo("2022-11-28"));
    }

    [Test]
    public async Task RepositoryWebhookWithoutInstallation_FindsTheInstallationOfTheRepository()
    {
        GitHub.AddPullRequest(Repository, 2, HeadSha, installationId: 42, fileCount: 1);
        await using var app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub));
        using var client = app.CreateClient();

        using var response = await client.SendAsync(WebhookSigner.Delivery("pull_request",
            File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.1.payload.json")), ReviewBotApplication.Secret));
        await Eventually(() => GitHub.CheckRunsFor(HeadSha) is [{ Status: "completed" }], "the check run to complete");

        Assert.That(GitHub.Requests.Select(r => $"{r.Method} {r.Path}").Take(2), Is.EqualTo(new[]
        {
            "GET /repos/Codertocat/Hello-World/installation",
            "POST /app/installations/42/access_tokens",
        }));
    }

    [Test]
    public async Task ManyFiles_AreReadPageByPage_AndAllListed()
    {
        GitHub.AddPullRequest(Repository, 2, HeadSha, installationId: 1, fileCount: 250);
        await using var app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub));
        using var client = app.CreateClient();

        using var response = await client.SendAsync(WebhookSigner.Delivery("pull_request",
            File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json")), ReviewBotApplication.Secret));
        await Eventually(() => GitHub.CheckRunsFor(HeadSha) is [{ Status: "completed" }], "the check run to complete");

        var run = GitHub.CheckRunsFor(HeadSha).Single();
        Assert.That(GitHub.Requests.Count(r => r.Path.EndsWith("/files", StringComparison.Ordinal)), Is.EqualTo(3));
        Assert.That(run.Output!["title"]!.GetValue<string>(), Is.EqualTo("250 files changed"));
        Assert.That(run.Output["summary"]!.GetValue<string>(), Does.Contain("`src/File250.cs`"));
    }

    [Test]
    public async Task NewerHeadCommit_CancelsTheRunningReview_AndMarksItsCheckRunCancelled()
    {
        const string newer = "1111111111111111111111111111111111111111";
        var pr = GitHub.AddPullRequest(Repository, 2, HeadSha, installationId: 1);
        GitHub.FilesGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub));
        using var client = app.CreateClient();

        var opened = File.ReadAllText(TestResources.Webhook("pull_request", "opened.2.payload.json"));
        using var first = await client.SendAsync(WebhookSigner.Delivery("pull_request", opened, ReviewBotApplication.Secret));
        await Eventually(() => GitHub.CheckRunsFor(HeadSha) is [{ Status: "in_progress" }], "the first review to start");

        pr.HeadSha = newer;
        var pushed = JsonNode.Parse(File.ReadAllText(TestResources.Webhook("pull_request", "synchronize.1.payload.json")))!;
        pushed["pull_request"]!["head"]!["sha"] = newer;
        using var second = await client.SendAsync(WebhookSigner.Delivery("pull_request", pushed.ToJsonString(), ReviewBotApplication.Secret));
        GitHub.FilesGate.SetResult();

        await Eventually(() => GitHub.CheckRunsFor(newer) is [{ Status: "completed" }], "the newer review to complete");
        await Eventually(() => GitHub.CheckRunsFor(HeadSha) is [{ Status: "completed" }], "the older check run to complete");
        var older = GitHub.CheckRunsFor(HeadSha).Single();
        Assert.That(older.Conclusion, Is.EqualTo("cancelled"));
        Assert.That(older.Output!["summary"]!.GetValue<string>(), Does.Contain("superseded by a newer commit 1111111"));
        Assert.That(GitHub.CheckRunsFor(newer).Single().Conclusion, Is.EqualTo("neutral"));
    }

    [Test]
    public async Task PushBackToAReviewedHead_CancelsTheRunQueuedForTheCommitInBetween()
    {
        const string between = "2222222222222222222222222222222222222222";
        const string other = "3333333333333333333333333333333333333333";
        var pr = GitHub.AddPullRequest(Repository, 2, HeadSha, installationId: 1);
        GitHub.AddPullRequest(Repository, 3, other, installationId: 1);
        await using var app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub, new Dictionary<string, string?> { ["Jobs:Workers"] = "1" }));
        using var client = app.CreateClient();
        await client.SendAsync(WebhookSigner.Delivery("pull_request", Push(2, HeadSha, "opened"), ReviewBotApplication.Secret));
        await Eventually(() => GitHub.CheckRunsFor(HeadSha) is [{ Status: "completed" }], "the first head to be reviewed");

        // The one worker is held by another pull request, so the commit in between stays queued until it is superseded.
        GitHub.FilesGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.SendAsync(WebhookSigner.Delivery("pull_request", Push(3, other, "opened"), ReviewBotApplication.Secret));
        await Eventually(() => GitHub.CheckRunsFor(other) is [{ Status: "in_progress" }], "the other pull request's review to start");
        pr.HeadSha = between;
        await client.SendAsync(WebhookSigner.Delivery("pull_request", Push(2, between, "synchronize"), ReviewBotApplication.Secret));
        await Eventually(() => GitHub.CheckRunsFor(between) is [{ Status: "queued" }], "the commit in between to be announced");
        pr.HeadSha = HeadSha;
        await client.SendAsync(WebhookSigner.Delivery("pull_request", Push(2, HeadSha, "synchronize"), ReviewBotApplication.Secret));
        GitHub.FilesGate.SetResult();

        await Eventually(() => GitHub.CheckRunsFor(between) is [{ Status: "completed" }], "the run of the commit in between to complete");
        Assert.That(GitHub.CheckRunsFor(between).Single().Conclusion, Is.EqualTo("cancelled"));
        Assert.That(GitHub.CheckRunsFor(HeadSha), Has.Count.EqualTo(1), "the reviewed head is not reviewed again");
    }

    [TestCase("completed")]
    [TestCase("in_progress")]
    public async Task ARunOfTheSameNameByAnotherApp_NeitherSkipsTheReviewNorIsTakenOver(string status)
    {
        GitHub.AddPullRequest(Repository, 2, HeadSha, installationId: 1);
        GitHub.CheckRuns[1] = new FakeCheckRun { Id = 1, Repository = Repository, Name = "ReviewBot", HeadSha = HeadSha, AppId = 15368, Status = status,
            Conclusion = status == "completed" ? "success" : null };
        await using var app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub));
        using var client = app.CreateClient();

        await client.SendAsync(WebhookSigner.Delivery("pull_request", Push(2, HeadSha, "opened"), ReviewBotApplication.Secret));

        await Eventually(() => GitHub.CheckRunsFor(HeadSha).Any(r => r.AppId == ReviewBotApplication.AppId && r.Status == "completed"), "this App's own run to complete");
        Assert.That(GitHub.CheckRuns[1].Status, Is.EqualTo(status), "the other App's run is left as it was");
    }

    private static string Push(int number, string sha, string action)
    {
        var json = JsonNode.Parse(File.ReadAllText(TestResources.Webhook("pull_request", action == "opened" ? "opened.2.payload.json" : "synchronize.1.payload.json")))!;
        json["number"] = number;
        json["pull_request"]!["number"] = number;
        json["pull_request"]!["head"]!["sha"] = sha;
        return json.ToJsonString();
    }

    [Test]
    public async Task Shutdown_AfterTheGracePeriod_CancelsTheRunningReview_LogsIt_AndLeavesNoCheckRunSpinning()
    {
        GitHub.AddPullRequest(Repository, 2, HeadSha, installationId: 1);
        GitHub.FilesGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub, new Dictionary<string, string?> { ["Jobs:ShutdownGrace"] = "00:00:00" }));
        using var client = app.CreateClient();
        var logs = app.Logs;

        using var response = await client.SendAsync(WebhookSigner.Delivery("pull_request",
            File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json")), ReviewBotApplication.Secret));
        await Eventually(() => GitHub.CheckRunsFor(HeadSha) is [{ Status: "in_progress" }], "the review to start");

        var stopping = app.DisposeAsync().AsTask();
        await Task.Delay(100);
        GitHub.FilesGate.SetResult();
        await stopping;

        var run = GitHub.CheckRunsFor(HeadSha).Single();
        Assert.That(run.Status, Is.EqualTo("completed"));
        Assert.That(run.Conclusion, Is.EqualTo("cancelled"));
        Assert.That(logs.GetSnapshot().Select(r => r.Message),
            Has.Some.Contains("was cancelled: the service is shutting down"));
        Assert.That(logs.GetSnapshot().Where(r => r.Level >= LogLevel.Error), Is.Empty);
    }

    [Test]
    public async Task Shutdown_LetsTheRunningReviewFinish_WithinTheGracePeriod()
    {
        GitHub.AddPullRequest(Repository, 2, HeadSha, installationId: 1);
        GitHub.FilesGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub));
        using var client = app.CreateClient();

        using var response = await client.SendAsync(WebhookSigner.Delivery("pull_request",
            File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json")), ReviewBotApplication.Secret));
        await Eventually(() => GitHub.CheckRunsFor(HeadSha) is [{ Status: "in_progress" }], "the review to start");

        var stopping = app.DisposeAsync().AsTask();
        await Task.Delay(300);
        GitHub.FilesGate.SetResult();
        await stopping;

        var run = GitHub.CheckRunsFor(HeadSha).Single();
        Assert.That(run.Status, Is.EqualTo("completed"));
        Assert.That(run.Conclusion, Is.Not.EqualTo("cancelled"), "the review had time to end on its own");
    }
}
