using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ReviewBot.Tests.TestSupport;
using static ReviewBot.Tests.TestSupport.FakeModelReply;

namespace ReviewBot.Tests.Jobs;

/// <summary>
/// Two service processes on one real Redis, as a team scales out: webhooks spread across both, duplicates among them, an
/// instance killed with SIGKILL in the middle of reviews, a fifth of GitHub's answers failing. Every head commit gets
/// exactly one review and one check run, and no run is left open.
/// </summary>
[NonParallelizable]
public sealed class ScaleOutTests : FakeGitHubTest
{
    private const string Invoice = BillingRepository.InvoicePath;
    private TestRepository _repo = null!;
    private string _base = "";
    private string _head = "";
    private FakeModel _model = null!;
    private string _redis = "";
    private readonly List<ServiceProcess> _services = [];

    [SetUp]
    public async Task Create()
    {
        (_repo, _base, _head) = BillingRepository.Create();
        _model = await FakeModel.StartAsync();
        _model.Default = _ => Review("partial", "The loop drops the first line.", Loop());
        _redis = RedisTestServer.FreshDatabase();
    }

    [TearDown]
    public async Task Clean()
    {
        var failed = TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed;
        foreach (var (service, i) in _services.Select((s, i) => (s, i)))
        {
            if (failed)
            {
                // The whole log of each instance, as a test artifact: what the failure message's last lines leave out.
                var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"scale-out-{TestContext.CurrentContext.Test.Name}-{i}.log");
                await File.WriteAllTextAsync(file, service.StandardOutput);
                TestContext.AddTestAttachment(file);
            }
            await service.DisposeAsync();
        }
        _services.Clear();
        await _model.DisposeAsync();
        _repo.Dispose();
    }

    private static JsonObject Loop() => Finding(Invoice, 12, 12, "P1", 0.92, "Loop skips the first invoice line",
        "The loop starts at 1, so the first amount is never added.", [(Invoice, 12, BillingRepository.BuggyLoop)]);

    private FakePullRequest AddPull(int i)
    {
        var pr = GitHub.AddPullRequest($"acme/scale-{i}", 100 + i, _head, installationId: 1, fileCount: 0, baseSha: _base);
        pr.CloneUrl = _repo.FileUrl.ToString();
        pr.Files.AddRange(FakeGitHub.FilesFromRepository(_repo, _base, _head));
        return pr;
    }

    /// <summary>A commit on the feature branch that fixes the loop: the pull requests' next head.</summary>
    private string CommitFixedLoop()
    {
        _repo.Checkout("feature");
        var fixedText = File.ReadAllText(Path.Combine(_repo.Path, Invoice)).Replace(BillingRepository.BuggyLoop, "for (var i = 0; i < _lines.Count; i++)", StringComparison.Ordinal);
        var pushed = _repo.Write(Invoice, fixedText).Commit("Fix the loop");
        _repo.Checkout("main");
        return pushed;
    }

    private async Task<ServiceProcess> StartAsync(string name, IDictionary<string, string>? more = null)
    {
        var settings = _model.Settings().Where(s => s.Value is not null).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        settings["GitHub__WebhookSecret"] = ReviewBotApplication.Secret;
        settings["GitHub__AppId"] = ReviewBotApplication.AppId.ToString(CultureInfo.InvariantCulture);
        settings["GitHub__PrivateKey"] = TestKeys.PrivateKeyPem;
        settings["GitHub__ApiBaseUrl"] = GitHub.BaseUrl.ToString();
        settings["GitHub__MinMutationInterval"] = "00:00:00";
        settings["GitHub__Resilience__Retry__Delay"] = "00:00:00.010";
        settings["GitHub__Resilience__AttemptTimeout__Timeout"] = "00:00:02";
        // GitHub asks for a minute after a secondary rate limit without a hint; the fake's limits are instant.
        settings["GitHub__SecondaryRateLimitWait"] = "00:00:00.050";
        settings["ConnectionStrings__Redis"] = _redis;
        settings["Jobs__VisibilityTimeout"] = "00:00:03";
        settings["Workspace__Root"] = Path.Combine(Path.GetTempPath(), "reviewbot-tests", $"scale-{name}-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        var service = ServiceProcess.Start(settings);
        _services.Add(service);
        await service.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        await WaitUntilReadyAsync(service);
        return service;
    }

    private static async Task WaitUntilReadyAsync(ServiceProcess service)
    {
        using var http = new HttpClient { BaseAddress = service.Url, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (!(await http.GetAsync("readyz")).IsSuccessStatusCode)
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "the instance to connect to Redis");
            await Task.Delay(50);
        }
    }

    private static async Task<string> DeliverAsync(ServiceProcess service, FakePullRequest pr, string delivery)
    {
        var (status, outcome) = await TryDeliverAsync(service, pr, delivery);
        Assert.That(status, Is.LessThan(300), outcome);
        return outcome;
    }

    private static async Task<(int Status, string Outcome)> TryDeliverAsync(ServiceProcess service, FakePullRequest pr, string delivery)
    {
        using var http = new HttpClient { BaseAddress = service.Url, Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.SendAsync(WebhookSigner.Delivery("pull_request", PullRequestWebhooks.PullRequest(pr, "opened"), ReviewBotApplication.Secret, delivery));
        var outcome = response.Headers.TryGetValues("X-ReviewBot-Outcome", out var values) ? string.Join(",", values) : await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, outcome);
    }

    private List<FakeCheckRun> Runs(FakePullRequest pr) => GitHub.CheckRunsFor(_head).Where(r => r.Repository == pr.Repository).ToList();

    private List<FakeReview> Reviews(FakePullRequest pr) =>
        GitHub.Reviews.Where(r => r.Number == pr.Number && r.State != "PENDING" && r.Body.Contains($"head={_head}", StringComparison.Ordinal)).ToList();

    /// <summary>Delivers every pull request once, alternating instances, and the first <paramref name="duplicates"/> again to the other one.</summary>
    private static async Task DeliverAllAsync(IReadOnlyList<FakePullRequest> pulls, IReadOnlyList<ServiceProcess> services, int duplicates)
    {
        var deliveries = pulls.Select(_ => Guid.NewGuid().ToString()).ToList();
        await Task.WhenAll(pulls.Select((pr, i) => DeliverAsync(services[i % services.Count], pr, deliveries[i])));
        await Task.WhenAll(pulls.Take(duplicates).Select((pr, i) => DeliverAsync(services[(i + 1) % services.Count], pr, deliveries[i])));
    }

    private async Task AllCompletedAsync(IReadOnlyList<FakePullRequest> pulls, int timeoutMs) =>
        await Eventually(() => pulls.All(Done), () => "every pull request's review and completed check run; not done: " +
            string.Join(", ", pulls.Where(pr => !Done(pr)).Select(pr => $"#{pr.Number} (runs: {string.Join("/", Runs(pr).Select(r => r.Status))}; reviews: {Reviews(pr).Count})")) +
            "; what the services said of them:\n" + string.Join("\n", pulls.Where(pr => !Done(pr)).Take(3).SelectMany(Said)), timeoutMs);

    /// <summary>
    /// The services' log entries about a pull request, without the HTTP client's: what a timeout needs to be read. An entry
    /// is a category line and the indented lines under it (scopes, then the message).
    /// </summary>
    private IEnumerable<string> Said(FakePullRequest pr)
    {
        var scope = $"Repository:acme/scale-{pr.Number - 100}, PullRequest:{pr.Number},";
        var name = $"acme/scale-{pr.Number - 100}#{pr.Number}";
        return _services.SelectMany((s, i) => Entries(s.StandardOutput).Select(e => $"[{i}] {e}"))
            .Where(e => e.Contains(scope, StringComparison.Ordinal) || e.Contains(name, StringComparison.Ordinal))
            .Where(e => !e.Contains("Polly", StringComparison.Ordinal))
            .TakeLast(30);
    }

    private static IEnumerable<string> Entries(string output)
    {
        var entry = new List<string>();
        foreach (var line in output.Split('\n'))
        {
            if (!line.StartsWith(' ') && entry.Count > 0)
            {
                yield return string.Join(" | ", entry);
                entry.Clear();
            }
            entry.Add(line.Trim());
        }
        if (entry.Count > 0)
        {
            yield return string.Join(" | ", entry);
        }
    }

    private bool Done(FakePullRequest pr) => Runs(pr).Count > 0 && Runs(pr).All(r => r.Status == "completed") && Reviews(pr).Count > 0;

    private (int Posted, int Doubled, int DoubledRuns, int Open) Count(IReadOnlyList<FakePullRequest> pulls) => (
        pulls.Count(pr => Reviews(pr).Count == 1),
        pulls.Sum(pr => Math.Max(0, Reviews(pr).Count - 1)),
        pulls.Sum(pr => Math.Max(0, Runs(pr).Count - 1)),
        pulls.Sum(pr => Runs(pr).Count(r => r.Status != "completed")));

    [Test]
    [CancelAfter(300_000)]
    public async Task Two_instances_review_fifty_pull_requests_and_ten_duplicates_once_each()
    {
        var pulls = Enumerable.Range(0, 50).Select(AddPull).ToList();
        var services = new[] { await StartAsync("a"), await StartAsync("b") };
        var clock = Stopwatch.StartNew();

        await DeliverAllAsync(pulls, services, duplicates: 10);
        await AllCompletedAsync(pulls, 240_000);
        await Task.Delay(1000);

        var (posted, doubled, doubledRuns, open) = Count(pulls);
        TestContext.Out.WriteLine($"Two instances, 50 pull requests + 10 duplicate deliveries: reviews posted {posted}, doubled {doubled}; " +
            $"check runs doubled {doubledRuns}, left open {open}; model calls {_model.Requests.Count}; {clock.Elapsed.TotalSeconds:F1} s.");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(posted, Is.EqualTo(pulls.Count), "every head commit reviewed once");
            Assert.That(doubled, Is.Zero);
            Assert.That(doubledRuns, Is.Zero, "one check run per head commit across instances");
            Assert.That(open, Is.Zero);
            Assert.That(_model.Requests, Has.Count.EqualTo(pulls.Count), "no review done twice, even unposted");
            Assert.That(services.Select(s => s.StandardOutput.Split('\n').Count(l => l.Contains("Reviewing acme/scale-", StringComparison.Ordinal))),
                Has.All.GreaterThan(0), "both instances took work");
        }
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task An_instance_killed_in_the_middle_of_reviews_leaves_its_jobs_to_the_other_and_no_run_open()
    {
        var pulls = Enumerable.Range(0, 20).Select(AddPull).ToList();
        // Slow model answers, so the kill lands while both instances hold reviews in flight.
        _model.Default = _ => Review("partial", "The loop drops the first line.", Loop()) with { Delay = TimeSpan.FromSeconds(2) };
        var doomed = await StartAsync("doomed");
        var survivor = await StartAsync("survivor");

        await DeliverAllAsync(pulls, [doomed, survivor], duplicates: 4);
        await Eventually(() => doomed.StandardOutput.Contains("Reviewing acme/scale-", StringComparison.Ordinal), "the doomed instance to start a review", 60_000);
        await doomed.KillAsync();
        var killed = Stopwatch.StartNew();
        await AllCompletedAsync(pulls, 240_000);
        var recovered = killed.Elapsed;
        await Task.Delay(1000);

        var (posted, doubled, doubledRuns, open) = Count(pulls);
        TestContext.Out.WriteLine($"kill -9 of one of two instances mid-review, 20 pull requests + 4 duplicates: reviews posted {posted}, doubled {doubled}; " +
            $"check runs doubled {doubledRuns}, left open {open}; all done {recovered.TotalSeconds:F1} s after the kill; " +
            $"taken over: {survivor.StandardOutput.Split('\n').Count(l => l.Contains("Took over stream entry", StringComparison.Ordinal))}.");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(posted, Is.EqualTo(pulls.Count), "every pull request reviewed once");
            Assert.That(doubled, Is.Zero);
            Assert.That(doubledRuns, Is.Zero, "a run left in progress by the dead instance is taken over, not doubled");
            Assert.That(open, Is.Zero, "no check run stays in progress");
            Assert.That(survivor.StandardOutput, Does.Contain("Took over stream entry"), "the survivor finished the dead instance's jobs");
        }
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task Two_instances_while_a_fifth_of_GitHubs_answers_fail_post_every_review_once_and_leave_no_run_open()
    {
        var faults = new FaultSchedule(8, share: 0.2);
        var pulls = Enumerable.Range(0, 10).Select(AddPull).ToList();
        var services = new[] { await StartAsync("a"), await StartAsync("b") };
        GitHub.Faults = faults;

        await DeliverAllAsync(pulls, services, duplicates: 4);
        await AllCompletedAsync(pulls, 240_000);
        await Task.Delay(1000);

        var (posted, doubled, doubledRuns, open) = Count(pulls);
        TestContext.Out.WriteLine($"Fault run on two instances: {faults}. Reviews posted {posted} of {pulls.Count}, doubled {doubled}; check runs doubled {doubledRuns}, left open {open}.");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(faults.InjectedCount, Is.GreaterThan(faults.Calls / 8), "the schedule really failed a fifth of the calls");
            Assert.That(posted, Is.EqualTo(pulls.Count));
            Assert.That(doubled, Is.Zero);
            Assert.That(doubledRuns, Is.Zero);
            Assert.That(open, Is.Zero);
        }
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task Redis_killed_and_restarted_in_a_burst_loses_no_answered_delivery_and_does_none_twice()
    {
        await using var redis = await RedisServerProcess.StartAsync(durable: true);
        _redis = redis.Connection;
        var pulls = Enumerable.Range(0, 30).Select(AddPull).ToList();
        var services = new[] { await StartAsync("a"), await StartAsync("b") };
        var deliveries = pulls.Select(_ => Guid.NewGuid().ToString()).ToList();
        var answers = new (int Status, string Outcome)[pulls.Count];

        for (var i = 0; i < pulls.Count; i++)
        {
            if (i == 10)
            {
                await redis.StopAsync();
            }
            if (i == 20)
            {
                await redis.StartAgainAsync();
                await Task.WhenAll(services.Select(WaitUntilReadyAsync));
            }
            answers[i] = await TryDeliverAsync(services[i % 2], pulls[i], deliveries[i]);
        }
        var refused = Enumerable.Range(0, pulls.Count).Where(i => answers[i].Status == 503).ToList();
        // What GitHub's "Redeliver" does for the deliveries it shows as failed.
        foreach (var i in refused)
        {
            answers[i] = await TryDeliverAsync(services[(i + 1) % 2], pulls[i], deliveries[i]);
        }
        await AllCompletedAsync(pulls, 240_000);
        await Task.Delay(1000);

        var (posted, doubled, doubledRuns, open) = Count(pulls);
        TestContext.Out.WriteLine($"Redis killed after 10 of 30 deliveries and restarted after 20 (append-only, fsync always): {refused.Count} answered 503 " +
            $"and redelivered; reviews posted {posted}, doubled {doubled}; check runs doubled {doubledRuns}, left open {open}.");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused, Is.EquivalentTo(Enumerable.Range(10, 10)), "exactly the deliveries during the outage were refused");
            Assert.That(answers.Select(a => a.Status), Has.All.LessThan(300), "each redelivery taken once Redis was back");
            Assert.That(posted, Is.EqualTo(pulls.Count), "no delivery answered 2xx lost");
            Assert.That(doubled, Is.Zero, "none done twice");
            Assert.That(doubledRuns, Is.Zero);
            Assert.That(open, Is.Zero);
        }
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task An_instance_stopped_with_SIGTERM_finishes_or_gives_back_what_it_holds_and_exits()
    {
        var pulls = Enumerable.Range(0, 16).Select(AddPull).ToList();
        _model.Default = _ => Review("partial", "The loop drops the first line.", Loop()) with { Delay = TimeSpan.FromSeconds(2) };
        var leaving = await StartAsync("leaving");
        var staying = await StartAsync("staying");

        await DeliverAllAsync(pulls, [leaving, staying], duplicates: 0);
        await Eventually(() => leaving.StandardOutput.Contains("Reviewing acme/scale-", StringComparison.Ordinal), "the leaving instance to start a review", 60_000);
        var clock = Stopwatch.StartNew();
        leaving.Terminate();
        var exit = await leaving.WaitForExitAsync(TimeSpan.FromSeconds(40));
        var stopped = clock.Elapsed;
        await AllCompletedAsync(pulls, 240_000);
        await Task.Delay(1000);

        var (posted, doubled, doubledRuns, open) = Count(pulls);
        TestContext.Out.WriteLine($"SIGTERM of one of two instances mid-review, 16 pull requests: exited {exit} after {stopped.TotalSeconds:F1} s; " +
            $"reviews posted {posted}, doubled {doubled}; check runs doubled {doubledRuns}, left open {open}.");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.Zero, leaving.StandardOutput);
            Assert.That(stopped, Is.LessThan(TimeSpan.FromSeconds(30)), "within the grace period and the host's shutdown timeout");
            Assert.That(posted, Is.EqualTo(pulls.Count), "nothing it held was lost");
            Assert.That(doubled, Is.Zero);
            Assert.That(doubledRuns, Is.Zero, "the reviews it held finished within the grace period, so none was cancelled and redone");
            Assert.That(open, Is.Zero);
        }
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task A_push_delivered_to_one_instance_cancels_the_review_another_instance_is_running()
    {
        var pr = AddPull(0);
        _model.Default = _ => Review("partial", "The loop drops the first line.", Loop()) with { Delay = TimeSpan.FromSeconds(30) };
        var first = await StartAsync("first");
        var second = await StartAsync("second");
        await DeliverAsync(first, pr, Guid.NewGuid().ToString());
        // Either instance's worker may take the job from the stream; the push goes to the one that is not running it.
        static bool Reviewing(ServiceProcess instance) => instance.StandardOutput.Contains("Reviewing acme/scale-0", StringComparison.Ordinal);
        await Eventually(() => Reviewing(first) || Reviewing(second), "an instance to start the review", 60_000);
        var other = Reviewing(first) ? second : first;

        var pushed = CommitFixedLoop();
        GitHub.Push(pr, pushed, FakeGitHub.FilesFromRepository(_repo, _base, pushed));
        _model.Default = _ => Review("matches", "ok");
        var clock = Stopwatch.StartNew();
        using (var http = new HttpClient { BaseAddress = other.Url })
        using (var response = await http.SendAsync(WebhookSigner.Delivery("pull_request", PullRequestWebhooks.PullRequest(pr, "synchronize"), ReviewBotApplication.Secret)))
        {
            Assert.That(response.IsSuccessStatusCode, Is.True);
        }
        await Eventually(() => GitHub.CheckRunsFor(_head).Any(r => r.Conclusion == "cancelled")
            && GitHub.CheckRunsFor(pushed) is [{ Status: "completed" }], "the old review cancelled and the new one done", 60_000);

        TestContext.Out.WriteLine($"A push to the other instance cancelled the running review and had its own done in {clock.Elapsed.TotalSeconds:F1} s.");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(25)), "cancelled at a heartbeat, not after the 30 s model call");
            Assert.That(GitHub.CheckRunsFor(_head).Single().Conclusion, Is.EqualTo("cancelled"));
            Assert.That(GitHub.Reviews.Count(r => r.Number == pr.Number && r.State != "PENDING" && r.Body.Contains($"head={_head}", StringComparison.Ordinal)), Is.Zero,
                "nothing posted for the superseded head");
            Assert.That(GitHub.Reviews.Count(r => r.Number == pr.Number && r.State != "PENDING" && r.Body.Contains($"head={pushed}", StringComparison.Ordinal)), Is.EqualTo(1));
        }
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task A_run_announced_on_one_instance_and_completed_on_the_other_keeps_its_conclusion_after_the_next_push()
    {
        var pulls = Enumerable.Range(0, 10).Select(AddPull).ToList();
        var announcer = await StartAsync("announcer");
        var other = await StartAsync("other");
        // Every delivery goes to one instance: its announcer makes each run, and either instance's worker completes it.
        foreach (var pr in pulls)
        {
            await DeliverAsync(announcer, pr, Guid.NewGuid().ToString());
        }
        await AllCompletedAsync(pulls, 120_000);

        var pushed = CommitFixedLoop();
        _model.Default = _ => Review("matches", "ok");
        foreach (var pr in pulls)
        {
            GitHub.Push(pr, pushed, FakeGitHub.FilesFromRepository(_repo, _base, pushed));
            using var http = new HttpClient { BaseAddress = announcer.Url };
            using var response = await http.SendAsync(WebhookSigner.Delivery("pull_request", PullRequestWebhooks.PullRequest(pr, "synchronize"), ReviewBotApplication.Secret));
            Assert.That(response.IsSuccessStatusCode, Is.True);
        }
        await Eventually(() => pulls.All(pr => GitHub.CheckRunsFor(pushed).Any(r => r.Repository == pr.Repository && r.Status == "completed")), "the pushes reviewed", 120_000);

        var first = pulls.SelectMany(Runs).ToList();
        TestContext.Out.WriteLine($"Runs of the first head after the push: {string.Join(", ", first.GroupBy(r => r.Conclusion).Select(g => $"{g.Count()} {g.Key}"))}; " +
            $"reviewed on the other instance: {other.StandardOutput.Split('\n').Count(l => l.Contains("Reviewing acme/scale-", StringComparison.Ordinal))}.");
        Assert.That(first.Select(r => r.Conclusion), Has.All.EqualTo("neutral"), "a completed review's run is never marked cancelled by the instance that announced it");
    }
}
