using ReviewBot.Jobs;
using ReviewBot.Reconciling;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Reconciling;

/// <summary>
/// One pass over the fake GitHub's installations, with the workers off so that what it queues stays in the queue: a head
/// without a ReviewBot run is queued, one with a completed run is not, a run left open too long is queued again and a
/// fresh one is not, drafts are left alone, and the pass stops at its call budget and goes on from there next time.
/// </summary>
public sealed class ReconcilerPassTests : FakeGitHubTest
{
    private const string ShaA = "1111111111111111111111111111111111111111";
    private const string ShaB = "2222222222222222222222222222222222222222";
    private ReviewBotApplication _app = null!;

    [TearDown]
    public async Task Stop()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private ReconcilerPass Pass(int maxCalls = 500, int workers = 0, int maxQueued = 10_000)
    {
        _app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub, new Dictionary<string, string?>
        {
            ["Jobs:MaxQueuedJobs"] = maxQueued.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Jobs:Workers"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The background loop stays out of the way; these tests run passes themselves.
            ["Reconciler:Interval"] = "1.00:00:00",
            ["Reconciler:StaleAfter"] = "00:30:00",
            ["Reconciler:MaxCallsPerRun"] = maxCalls.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        return _app.Services.GetRequiredService<ReconcilerPass>();
    }

    private List<ReviewRequest> Queued() => _app.Queue.Pending.Select(j => j.Review!).ToList();

    private FakeCheckRun AddRun(FakePullRequest pr, string status, string? conclusion = null, TimeSpan? age = null, long? appId = null)
    {
        var run = new FakeCheckRun
        {
            Id = 50_000 + GitHub.CheckRuns.Count,
            Repository = pr.Repository,
            Name = "ReviewBot",
            HeadSha = pr.HeadSha,
            Status = status,
            Conclusion = conclusion,
            ExternalId = $"{pr.Repository}#{pr.Number}",
            StartedAt = DateTimeOffset.UtcNow - (age ?? TimeSpan.Zero),
            AppId = appId ?? ReviewBotApplication.AppId,
        };
        GitHub.CheckRuns[run.Id] = run;
        return run;
    }

    private int Calls() => GitHub.Requests.Count(r => r.FromBot && !r.Path.EndsWith("/access_tokens", StringComparison.Ordinal));

    [Test]
    public async Task An_open_pull_request_without_a_check_run_is_queued_for_review_not_forced()
    {
        GitHub.AddPullRequest("acme/lost", 4, ShaA, installationId: 7);

        var tally = await Pass().RunAsync(CancellationToken.None);

        Assert.That(Queued(), Is.EqualTo(new[] { new ReviewRequest(7, "acme", "lost", 4, ShaA, Forced: false, "reconciler") }));
        Assert.That(tally, Is.EqualTo(new ReconcilerTally(1, 1, Calls(), false, null)));
        Assert.That(Calls(), Is.EqualTo(4), "installations, repositories, pull requests, and one check-run read");
    }

    [Test]
    public async Task A_head_with_a_completed_run_is_not_queued_but_one_with_only_a_cancelled_or_another_apps_run_is()
    {
        AddRun(GitHub.AddPullRequest("acme/done", 1, ShaA, installationId: 7), "completed", "success");
        AddRun(GitHub.AddPullRequest("acme/cancelled", 2, ShaB, installationId: 7), "completed", "cancelled");
        AddRun(GitHub.AddPullRequest("acme/other", 3, "3333333333333333333333333333333333333333", installationId: 7), "completed", "success", appId: 4242);

        var tally = await Pass().RunAsync(CancellationToken.None);

        Assert.That(Queued().Select(r => r.FullName), Is.EquivalentTo(new[] { "acme/cancelled", "acme/other" }));
        Assert.That(tally.Checked, Is.EqualTo(3));
    }

    [Test]
    public async Task A_run_open_past_StaleAfter_is_queued_again_and_a_fresh_open_run_is_not()
    {
        AddRun(GitHub.AddPullRequest("acme/stale", 1, ShaA, installationId: 7), "in_progress", age: TimeSpan.FromHours(2));
        AddRun(GitHub.AddPullRequest("acme/queued-long-ago", 2, ShaB, installationId: 7), "queued", age: TimeSpan.FromMinutes(31));
        AddRun(GitHub.AddPullRequest("acme/fresh", 3, "3333333333333333333333333333333333333333", installationId: 7), "in_progress", age: TimeSpan.FromMinutes(5));

        await Pass().RunAsync(CancellationToken.None);

        Assert.That(Queued().Select(r => (r.FullName, r.Forced)), Is.EquivalentTo(new[] { ("acme/stale", false), ("acme/queued-long-ago", false) }),
            "not forced: a forced review makes a second run and leaves the stale one open, and posts again a review that is there");
    }

    [Test]
    public async Task The_review_queued_for_a_stale_run_takes_that_run_over_and_completes_it()
    {
        var pr = GitHub.AddPullRequest("acme/stale", 1, ShaA, installationId: 7);
        var stale = AddRun(pr, "in_progress", age: TimeSpan.FromHours(2));

        await Pass(workers: 1).RunAsync(CancellationToken.None);

        await Eventually(() => stale.Status == "completed", "the stale run to be completed by the queued review");
        Assert.That(GitHub.CheckRunsFor(ShaA).Select(r => r.Id), Is.EqualTo(new[] { stale.Id }), "no second run for the head");
    }

    [Test]
    public async Task Drafts_suspended_installations_and_archived_repositories_are_left_alone()
    {
        GitHub.AddPullRequest("acme/drafts", 1, ShaA, installationId: 7).Draft = true;
        GitHub.AddPullRequest("acme/archived", 2, ShaB, installationId: 7);
        GitHub.ArchivedRepositories.Add("acme/archived");
        GitHub.AddPullRequest("suspended/repo", 3, ShaB, installationId: 8);
        GitHub.SuspendedInstallations.Add(8);
        GitHub.AddPullRequest("acme/ready", 4, "3333333333333333333333333333333333333333", installationId: 7);

        await Pass().RunAsync(CancellationToken.None);

        Assert.That(Queued().Select(r => r.FullName), Is.EqualTo(new[] { "acme/ready" }));
        Assert.That(GitHub.Requests.Where(r => r.Path.Contains("/commits/" + ShaA, StringComparison.Ordinal)), Is.Empty, "a draft costs no check-run read");
        Assert.That(GitHub.Requests.Where(r => r.Path == "/app/installations/8/access_tokens"), Is.Empty, "no token for a suspended installation");
    }

    [Test]
    public async Task A_pass_stops_at_its_call_budget_and_the_next_goes_on_from_where_it_stopped()
    {
        for (var number = 1; number <= 30; number++)
        {
            GitHub.AddPullRequest("acme/busy", number, $"{number:x40}"[^40..], installationId: 7);
        }
        var pass = Pass(maxCalls: 10);

        var first = await pass.RunAsync(CancellationToken.None);
        var afterFirst = Calls();
        var second = await pass.RunAsync(CancellationToken.None);

        Assert.That(afterFirst, Is.EqualTo(10), "installations, repositories, pull requests, then 7 check-run reads");
        Assert.That(Calls() - afterFirst, Is.EqualTo(10));
        Assert.That(first, Is.EqualTo(new ReconcilerTally(7, 7, 10, true, new ReconcilerPosition(7, "acme/busy", 7))));
        Assert.That(second.CutShort, Is.True);
        Assert.That(Queued().Select(r => r.Number), Is.EqualTo(Enumerable.Range(1, 14)), "the second pass went on after #7");
    }

    [Test]
    public async Task A_pass_that_reaches_the_end_starts_from_the_beginning_next_time()
    {
        GitHub.AddPullRequest("acme/one", 1, ShaA, installationId: 7);
        GitHub.AddPullRequest("acme/two", 1, ShaB, installationId: 9);
        var pass = Pass();

        var first = await pass.RunAsync(CancellationToken.None);
        var second = await pass.RunAsync(CancellationToken.None);

        Assert.That((first.CutShort, first.ResumeAfter, first.Checked), Is.EqualTo((false, (ReconcilerPosition?)null, 2)));
        Assert.That(second.Checked, Is.EqualTo(2), "both looked at again (their reviews are queued, so nothing is added)");
        Assert.That(Queued(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_full_queue_stops_the_pass_and_the_next_starts_with_the_pull_request_it_refused()
    {
        GitHub.AddPullRequest("acme/many", 1, ShaA, installationId: 7);
        GitHub.AddPullRequest("acme/many", 2, ShaB, installationId: 7);
        GitHub.AddPullRequest("acme/many", 3, "3333333333333333333333333333333333333333", installationId: 7);

        var tally = await Pass(maxQueued: 1).RunAsync(CancellationToken.None);

        Assert.That(Queued().Select(r => r.Number), Is.EqualTo(new[] { 1 }));
        Assert.That((tally.Checked, tally.CutShort, tally.ResumeAfter), Is.EqualTo((2, true, new ReconcilerPosition(7, "acme/many", 1))),
            "#2 was refused, so it is where the next pass starts; #3 was not looked at");
    }
}
