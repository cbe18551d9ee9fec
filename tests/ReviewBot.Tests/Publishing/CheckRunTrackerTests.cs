using Octokit;
using ReviewBot.GitHub;
using ReviewBot.Publishing;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Publishing;

/// <summary>
/// One check run per head commit, even when GitHub loses the answer to the create: the run is looked for before it is
/// created again, and it carries the Re-run button from the start.
/// </summary>
public sealed class CheckRunTrackerTests : FakeGitHubTest
{
    private const string Sha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    private ReviewBotApplication _app = null!;
    private IGitHubClient _client = null!;
    private CheckRunTracker _tracker = null!;

    [SetUp]
    public void Start()
    {
        GitHub.AddPullRequest("octo-org/runs", 3, Sha, installationId: 5);
        _app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub, new Dictionary<string, string?>
        {
            ["Jobs:Workers"] = "0",
            ["GitHub:Resilience:AttemptTimeout:Timeout"] = "00:00:01",
        }));
        _client = _app.Services.GetRequiredService<GitHubClientFactory>().ForInstallation(5).Client;
        _tracker = _app.Services.GetRequiredService<CheckRunTracker>();
    }

    [TearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private Task<long?> AnnounceAsync(bool forced) => _tracker.AnnounceAsync(_client, "octo-org", "runs", 3, Sha, forced);

    private List<RecordedRequest> Creates() => GitHub.Requests.Where(r => r.FromBot && r.Method == "POST" && r.Path.EndsWith("/check-runs", StringComparison.Ordinal)).ToList();

    [TestCase(FaultKind.BadGatewayAfterWrite, false)]
    [TestCase(FaultKind.BadGatewayAfterWrite, true)]
    [TestCase(FaultKind.Stall, true)]
    public async Task A_create_whose_answer_was_lost_after_it_landed_is_found_and_not_made_again(FaultKind fault, bool forced)
    {
        GitHub.Faults = new FaultSchedule().Plan("POST", "/check-runs", fault);

        var id = await AnnounceAsync(forced);

        Assert.That(GitHub.CheckRunsFor(Sha).Select(r => (long?)r.Id), Is.EqualTo(new[] { id }));
        Assert.That(Creates(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_create_that_failed_before_it_landed_is_made_once_more()
    {
        GitHub.Faults = new FaultSchedule().Plan("POST", "/check-runs", FaultKind.BadGateway);

        var id = await AnnounceAsync(forced: true);

        Assert.That(GitHub.CheckRunsFor(Sha).Select(r => (long?)r.Id), Is.EqualTo(new[] { id }));
        Assert.That(Creates().Select(r => r.Status), Is.EqualTo(new[] { 502, 201 }));
    }

    [Test]
    public async Task A_create_GitHub_fails_every_time_gives_up_after_looking_each_time()
    {
        var faults = new FaultSchedule { MaxInARow = int.MaxValue };
        for (var i = 0; i < LookFirst.Attempts; i++)
        {
            faults.Plan("POST", "/check-runs", FaultKind.BadGateway);
        }
        GitHub.Faults = faults;

        await Assert.ThrowsAsync<ApiException>(() => AnnounceAsync(forced: true));

        Assert.That(Creates(), Has.Count.EqualTo(LookFirst.Attempts));
        Assert.That(GitHub.CheckRunsFor(Sha), Is.Empty);
    }

    [Test]
    public async Task A_refused_create_is_not_sent_again()
    {
        GitHub.Faults = new FaultSchedule().Plan("POST", "/check-runs", FaultKind.PermissionRefusal);

        await Assert.ThrowsAsync<ForbiddenException>(() => AnnounceAsync(forced: true));

        Assert.That(Creates(), Has.Count.EqualTo(1));
        Assert.That(GitHub.Requests.Where(r => r.Method == "GET"), Is.Empty, "a refusal is final: nothing to look for");
    }

    [Test]
    public async Task The_queued_run_already_has_the_rerun_button()
    {
        await AnnounceAsync(forced: false);

        var run = GitHub.CheckRunsFor(Sha).Single();
        Assert.That(run.Status, Is.EqualTo("queued"));
        Assert.That(run.Actions!.Single()!["identifier"]!.GetValue<string>(), Is.EqualTo("rerun-review"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_forced_create_whose_lock_another_instance_held_all_the_wait_takes_the_run_that_instance_made()
    {
        var redis = RedisTestServer.FreshDatabase();
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis, ["Jobs:Workers"] = "0", ["GitHub:CheckRunLockWait"] = "00:00:01" };
        await using var one = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub, settings));
        await using var two = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub, settings));
        _ = await one.CreateConnectedClientAsync();
        _ = await two.CreateConnectedClientAsync();
        Task<long?> Announce(ReviewBotApplication app) => app.Services.GetRequiredService<CheckRunTracker>().AnnounceAsync(
            app.Services.GetRequiredService<GitHubClientFactory>().ForInstallation(5).Client, "octo-org", "runs", 3, Sha, forced: true);
        var made = await Announce(one);
        using var look = RedisTestServer.Open(redis);
        // The first instance still holds the lock (its create stalls, or it died holding it).
        await look.GetDatabase().StringSetAsync($"reviewbot:lock:checkrun:octo-org/runs@{Sha}", "someone", TimeSpan.FromSeconds(90));

        var taken = await Announce(two);

        Assert.That(taken, Is.EqualTo(made), "the open run is looked for, not doubled");
        Assert.That(Creates(), Has.Count.EqualTo(1));
        Assert.That(two.Logs.GetSnapshot().Select(r => r.Message), Has.One.Contains("was held by another instance"));
    }
}
