using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ReviewBot.Tests.TestSupport;
using static ReviewBot.Tests.TestSupport.FakeModelReply;

namespace ReviewBot.Tests.Reconciling;

/// <summary>
/// The in-process service (no Redis) killed with SIGKILL in the middle of a review loses it: its queue dies with it and
/// its check run stays in progress. The next process's reconciler, on a period shortened to 2 s, finds the run open past
/// StaleAfter and queues the review, which takes the run over: the review is posted once and the run completes.
/// </summary>
public sealed class ReconcilerProcessTests : FakeGitHubTest
{
    private const string Invoice = BillingRepository.InvoicePath;
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(2);
    private TestRepository _repo = null!;
    private FakeModel _model = null!;

    [SetUp]
    public async Task Create() => _model = await FakeModel.StartAsync();

    [TearDown]
    public async Task Clean()
    {
        await _model.DisposeAsync();
        _repo?.Dispose();
    }

    private static JsonObject Loop() => Finding(Invoice, 12, 12, "P1", 0.92, "Loop skips the first invoice line",
        "The loop starts at 1, so the first amount is never added.", [(Invoice, 12, BillingRepository.BuggyLoop)]);

    private ServiceProcess Start(string workspace, IDictionary<string, string?> more)
    {
        var settings = _model.Settings(new Dictionary<string, string?>(more)
        {
            ["GitHub:WebhookSecret"] = ReviewBotApplication.Secret,
            ["GitHub:AppId"] = ReviewBotApplication.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GitHub:PrivateKey"] = TestKeys.PrivateKeyPem,
            ["GitHub:ApiBaseUrl"] = GitHub.BaseUrl.ToString(),
            ["GitHub:MinMutationInterval"] = "00:00:00",
            ["GitHub:Resilience:Retry:Delay"] = "00:00:00.010",
            ["Workspace:Root"] = workspace,
        });
        return ServiceProcess.Start(settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? ""));
    }

    private List<FakeReview> Reviews(FakePullRequest pr) =>
        GitHub.Reviews.Where(r => r.Number == pr.Number && r.State != "PENDING" && r.Body.Contains($"head={pr.HeadSha}", StringComparison.Ordinal)).ToList();

    [Test]
    [CancelAfter(180_000)]
    public async Task A_review_lost_to_kill_9_is_posted_once_by_the_next_process_within_one_period()
    {
        (_repo, var baseSha, var head) = BillingRepository.Create();
        var pr = GitHub.AddPullRequest("acme/killed", 21, head, installationId: 1, fileCount: 0, baseSha: baseSha);
        pr.CloneUrl = _repo.FileUrl.ToString();
        pr.Files.AddRange(FakeGitHub.FilesFromRepository(_repo, baseSha, head));
        var workspace = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "reconciler-" + Guid.NewGuid().ToString("N")[..8]);
        // The first process's model never answers in time: it is killed while it waits.
        _model.Default = _ => Review("partial", "The loop drops the first line.", Loop()) with { Delay = TimeSpan.FromMinutes(5) };

        var first = Start(workspace, new Dictionary<string, string?>());
        try
        {
            await first.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
            using var http = new HttpClient { BaseAddress = first.Url, Timeout = TimeSpan.FromSeconds(10) };
            using (var delivery = await http.SendAsync(WebhookSigner.Delivery("pull_request", PullRequestWebhooks.PullRequest(pr, "opened"), ReviewBotApplication.Secret)))
            {
                Assert.That(delivery.StatusCode, Is.EqualTo(HttpStatusCode.OK), await delivery.Content.ReadAsStringAsync());
            }
            await Eventually(() => _model.Requests.Count > 0, "the review to reach the model", 60_000);
        }
        finally
        {
            // Process.Kill is SIGKILL: nothing runs on the way out.
            await first.DisposeAsync();
        }
        var lost = GitHub.CheckRunsFor(head).Single();
        Assert.That((lost.Status, Reviews(pr).Count), Is.EqualTo(("in_progress", 0)), "the review died with the process");

        _model.Default = _ => Review("partial", "The loop drops the first line.", Loop());
        await using var second = Start(workspace, new Dictionary<string, string?>
        {
            ["Reconciler:Interval"] = "00:00:02",
            ["Reconciler:StaleAfter"] = "00:00:01",
        });
        await second.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();
        await Eventually(() => lost.Status == "completed", $"the reconciler's review to complete the run. Service: {second.RecentOutput}", 60_000);
        var healed = clock.Elapsed;
        // Two more periods: a completed run is left alone.
        await Task.Delay(2 * Period + TimeSpan.FromSeconds(1));

        TestContext.Out.WriteLine($"The lost review was posted and its run completed {healed.TotalSeconds:0.0} s after the new process was healthy (period {Period.TotalSeconds:0} s).");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Reviews(pr), Has.Count.EqualTo(1), "posted exactly once");
            Assert.That(GitHub.CheckRunsFor(head).Select(r => r.Id), Is.EqualTo(new[] { lost.Id }), "the open run was taken over, not doubled");
            Assert.That(lost.Conclusion, Is.EqualTo("neutral"));
            Assert.That(healed, Is.LessThan(Period + TimeSpan.FromSeconds(20)), "within one period, plus the review's own time");
            Assert.That(second.StandardOutput, Does.Contain("Reconciler queued a review of acme/killed#21"));
            Assert.That(second.StandardOutput, Does.Contain("(reconciler)"), "the review says who asked for it");
        }
    }
}
