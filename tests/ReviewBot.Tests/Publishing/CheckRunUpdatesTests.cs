using Microsoft.Extensions.Time.Testing;
using Octokit;
using ReviewBot.Jobs;
using ReviewBot.GitHub;
using ReviewBot.Publishing;
using ReviewBot.Reviews;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Publishing;

/// <summary>Completing a check run is tried again while GitHub fails, with growing pauses on the injected clock, but not forever.</summary>
public sealed class CheckRunUpdatesTests : FakeGitHubTest
{
    private const string Sha = "9049f1265b7d61be4a8904a9a27120d2064dab3b";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly ReviewRequest _request = new(5, "octo-org", "updates", 3, Sha, Forced: false, "test");
    private ReviewBotApplication _app = null!;
    private IGitHubClient _client = null!;
    private CheckRunUpdates _updates = null!;

    [SetUp]
    public void Start()
    {
        GitHub.AddPullRequest("octo-org/updates", 3, Sha, installationId: 5);
        _app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub, new Dictionary<string, string?> { ["Jobs:Workers"] = "0" }));
        _client = _app.Services.GetRequiredService<GitHubClientFactory>().ForInstallation(5).Client;
        _updates = ActivatorUtilities.CreateInstance<CheckRunUpdates>(_app.Services, _time);
    }

    [TearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private List<RecordedRequest> Patches() => GitHub.Requests.Where(r => r.FromBot && r.Method == "PATCH").ToList();

    [Test]
    public async Task Completion_GitHub_refuses_for_its_text_still_ends_the_run_with_a_plain_summary()
    {
        var run = await _client.Check.Run.Create("octo-org", "updates", new NewCheckRun("ReviewBot", Sha));

        GitHub.Faults = new FaultSchedule().Plan("PATCH", "/check-runs/", FaultKind.PermissionRefusal);

        var landed = await _updates.CompleteAsync(_client, _request, run.Id, CheckConclusion.Neutral, new NewCheckRunOutput("2 findings", "a summary GitHub will not take"));

        var fake = GitHub.CheckRuns[run.Id];
        Assert.That(landed, Is.True);
        Assert.That(fake.Status, Is.EqualTo("completed"));
        Assert.That(fake.Output!["summary"]!.GetValue<string>(), Does.Contain("GitHub refused this run's full summary (GitHub answered 403)"));
        Assert.That(_app.Logs.GetSnapshot().Where(r => r.Exception is not null), Is.Empty, "a refusal is one line, without a stack trace");
    }

    [Test]
    public async Task Completion_GitHub_keeps_failing_is_given_up_after_the_window_and_logged()
    {
        var run = await _client.Check.Run.Create("octo-org", "updates", new NewCheckRun("ReviewBot", Sha));
        GitHub.Faults = new FaultSchedule(share: 1) { Kinds = [FaultKind.BadGateway], OnlyMethod = "PATCH", MaxInARow = int.MaxValue };
        var started = _time.GetUtcNow();

        var completing = _updates.CompleteAsync(_client, _request, run.Id, CheckConclusion.Neutral, CheckRunSummary.Cancelled("test"));
        while (!completing.IsCompleted)
        {
            await Task.Delay(20);
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        // Pauses of 2, 4, 8, 16, 32 s, then a minute each, while they fit in the 5 minutes: at most 9 tries of 4 attempts
        // (Polly's 3 retries); fewer when the clock moved on while Polly was retrying.
        Assert.That(await completing, Is.False);
        Assert.That(Patches().Count % 4, Is.Zero);
        Assert.That(Patches().Count / 4, Is.InRange(6, 9));
        Assert.That(_time.GetUtcNow() - started, Is.LessThanOrEqualTo(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(5)));
        Assert.That(_app.Logs.GetSnapshot().Select(l => l.Message), Has.Some.Contains("Gave up completing check run").And.Some.Contains("trying again in 32 s"));
        Assert.That(GitHub.CheckRuns[run.Id].Status, Is.EqualTo("queued"));
    }

    [Test]
    public async Task Completion_GitHub_refuses_twice_is_not_tried_a_third_time()
    {
        var run = await _client.Check.Run.Create("octo-org", "updates", new NewCheckRun("ReviewBot", Sha));
        GitHub.Faults = new FaultSchedule().Plan("PATCH", "/check-runs/", FaultKind.PermissionRefusal).Plan("PATCH", "/check-runs/", FaultKind.PermissionRefusal);

        var completed = await _updates.CompleteAsync(_client, _request, run.Id, CheckConclusion.Neutral, CheckRunSummary.Cancelled("test"));

        Assert.That(completed, Is.False);
        Assert.That(Patches(), Has.Count.EqualTo(2), "once as it was, once with a plain summary");
        Assert.That(_app.Logs.GetSnapshot().Where(r => r.Exception is not null), Is.Empty, "refusals are one line each, without a stack trace");
    }

    [Test]
    public async Task A_failed_in_progress_update_is_logged_and_does_not_throw()
    {
        var run = await _client.Check.Run.Create("octo-org", "updates", new NewCheckRun("ReviewBot", Sha));
        GitHub.Faults = new FaultSchedule(share: 1) { Kinds = [FaultKind.BadGateway], OnlyMethod = "PATCH", MaxInARow = int.MaxValue };

        await _updates.StartAsync(_client, _request, run.Id);

        Assert.That(Patches(), Has.Count.EqualTo(4), "Polly retried it three times");
        Assert.That(_app.Logs.GetSnapshot().Select(l => l.Message), Has.Some.Contains("reviewing all the same"));
    }
}
