using ReviewBot.Jobs;
using ReviewBot.Tests.TestSupport;
using StackExchange.Redis;

namespace ReviewBot.Tests.Jobs;

/// <summary>The Redis stream queue inside one app: supersession, fencing, dead letters, hand-back.</summary>
public class RedisJobQueueTests
{
    private string _redis = "";

    [SetUp]
    public void Fresh() => _redis = RedisTestServer.FreshDatabase();

    private ReviewBotApplication App(IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = _redis,
            ["Jobs:Workers"] = "0",
            ["Jobs:VisibilityTimeout"] = "00:00:03",
            ["Jobs:MaxAttempts"] = "2",
        };
        foreach (var (k, v) in more ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }
        return new ReviewBotApplication(settings);
    }

    private static Job Review(string sha, bool forced = false) =>
        Job.ForReview($"d-{sha[..6]}-{forced}", new ReviewRequest(1, "o", "r", 7, sha, forced, "test"));

    [Test]
    [CancelAfter(30_000)]
    public async Task ANewerHeadCommit_SupersedesTheQueuedReview_AcrossInstances()
    {
        await using var one = App();
        await using var two = App();
        _ = await one.CreateConnectedClientAsync();
        _ = await two.CreateConnectedClientAsync();

        await one.Queue.EnqueueAsync(Review(new string('a', 40)));
        await two.Queue.EnqueueAsync(Review(new string('b', 40)));
        using var cts = new CancellationTokenSource(10_000);
        var lease = await one.Queue.DequeueAsync(cts.Token);

        Assert.That(lease.Job.HeadSha, Is.EqualTo(new string('b', 40)), "the older head was dropped unrun");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ASecondReviewOfTheSameHead_IsCoalesced_AndAFinishedJobIdIsNotRunAgain()
    {
        await using var app = App();
        _ = await app.CreateConnectedClientAsync();
        var job = Review(new string('c', 40));

        var first = await app.Queue.EnqueueAsync(job);
        var again = await app.Queue.EnqueueAsync(job with { Id = "another-delivery" });
        using var cts = new CancellationTokenSource(10_000);
        var lease = await app.Queue.DequeueAsync(cts.Token);
        lease.Complete();
        await Task.Delay(300);
        var redelivered = await app.Queue.EnqueueAsync(job);

        Assert.That((first, again, redelivered), Is.EqualTo((EnqueueResult.Queued, EnqueueResult.Coalesced, EnqueueResult.Finished)));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task AWorkerWhoseLeaseWasTakenOver_FailsItsFence_AndIsMarkedLost()
    {
        await using var app = App();
        _ = await app.CreateConnectedClientAsync();
        await app.Queue.EnqueueAsync(Review(new string('d', 40)));
        using var cts = new CancellationTokenSource(10_000);
        var lease = await app.Queue.DequeueAsync(cts.Token);
        using var look = RedisTestServer.Open(_redis);

        // What another instance does once this one stalled past its lease: a new lease with a higher token.
        await look.GetDatabase().StringSetAsync($"reviewbot:lease:{lease.Job.Key}", "99:someone-else");

        Assert.That(await lease.StillHeldAsync(), Is.False);
        Assert.That((lease.IsLost, lease.CancellationToken.IsCancellationRequested), Is.EqualTo((true, true)));
        Assert.That(async () => await lease.EnsureHeldAsync(), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task AJobStartedMaxAttemptsTimes_GoesToTheDeadLetters_AndReadyzSaysSo()
    {
        using var look = RedisTestServer.Open(_redis);
        var db = look.GetDatabase();
        await db.StreamCreateConsumerGroupAsync("reviewbot:jobs", "workers", "0-0", createStream: true);
        await db.StreamAddAsync("reviewbot:jobs", "job", JobJson.Write(Review(new string('e', 40))));
        await db.StreamAddAsync("reviewbot:jobs", "job", "{ not a job");
        // Two workers that took the job and died: delivery count 2, the limit.
        await db.StreamReadGroupAsync("reviewbot:jobs", "workers", "dead-1", ">", 1);
        var id = (await db.StreamPendingMessagesAsync("reviewbot:jobs", "workers", 1, "dead-1"))[0].MessageId;
        await db.StreamClaimAsync("reviewbot:jobs", "workers", "dead-2", 0, [id]);
        await using var app = App(new Dictionary<string, string?> { ["Jobs:Workers"] = "1" });
        using var client = await app.CreateConnectedClientAsync();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await db.StreamLengthAsync("reviewbot:jobs:dead") < 2)
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "both entries dead-lettered");
            await Task.Delay(100);
        }
        // Unready here for the App that is not configured; the jobs check is in the report all the same.
        while (!(await (await client.GetAsync("/readyz")).Content.ReadAsStringAsync()).Contains("2 dead-lettered", StringComparison.Ordinal))
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(25)), "readyz counts them");
            await Task.Delay(200);
        }

        Assert.That(await db.StreamLengthAsync("reviewbot:jobs"), Is.Zero);
        Assert.That(app.Logs.GetSnapshot().Select(r => r.Message), Has.Some.Contains("was started 2 times and never finished"));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task JobsTakenAndNotStarted_AreGivenBackAtShutdown_ForAnotherInstance()
    {
        var one = App();
        _ = await one.CreateConnectedClientAsync();
        await one.Queue.EnqueueAsync(Review(new string('f', 40)));
        using var cts = new CancellationTokenSource(10_000);
        var lease = await one.Queue.DequeueAsync(cts.Token);
        lease.GiveBack();
        await one.DisposeAsync();
        await using var two = App();
        _ = await two.CreateConnectedClientAsync();

        var again = await two.Queue.DequeueAsync(cts.Token);

        Assert.That(again.Job.HeadSha, Is.EqualTo(new string('f', 40)), "taken at once, not after the visibility timeout");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ALeaseThatExpiredUnclaimed_IsStillItsHolders_AndTheJobEndsNormally()
    {
        await using var app = App();
        _ = await app.CreateConnectedClientAsync();
        var job = Review(new string('9', 40));
        await app.Queue.EnqueueAsync(job);
        using var cts = new CancellationTokenSource(10_000);
        var lease = await app.Queue.DequeueAsync(cts.Token);
        using var look = RedisTestServer.Open(_redis);

        // A long outage: the lease key expired, and no other instance took the job.
        await look.GetDatabase().KeyDeleteAsync($"reviewbot:lease:{lease.Job.Key}");
        var held = await lease.StillHeldAsync();
        lease.Complete();
        await Task.Delay(500);

        Assert.That((held, lease.IsLost), Is.EqualTo((true, false)));
        Assert.That(await app.Queue.EnqueueAsync(job), Is.EqualTo(EnqueueResult.Finished), "its end was written");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task AnEntryAnotherInstanceRanToItsEnd_IsDroppedUnrun()
    {
        await using var app = App();
        _ = await app.CreateConnectedClientAsync();
        using var look = RedisTestServer.Open(_redis);
        var done = Review(new string('7', 40));
        await app.Queue.EnqueueAsync(done);
        // As if another instance had taken the entry over and finished it while this one still had it buffered.
        await look.GetDatabase().StringSetAsync($"reviewbot:job:{done.Id}", "done");
        var other = Job.ForReview("other", new ReviewRequest(1, "o", "r2", 8, new string('8', 40), false, "test"));
        await app.Queue.EnqueueAsync(other);
        using var cts = new CancellationTokenSource(10_000);

        var lease = await app.Queue.DequeueAsync(cts.Token);

        Assert.That(lease.Job.Id, Is.EqualTo("other"));
    }

    private static Job Command(int pr, int n) =>
        Job.ForCommand($"c{pr}-{n}", new CommandRequest(1, "o", "r", pr, n, "someone", "@agent help", false));

    [Test]
    [CancelAfter(30_000)]
    public async Task ManyJobsOnARunningPullRequest_DoNotHoldBackAnotherPullRequestsJob_AndKeepTheirOrder()
    {
        await using var app = App();
        _ = await app.CreateConnectedClientAsync();
        await app.Queue.EnqueueAsync(Command(7, 0));
        using var cts = new CancellationTokenSource(20_000);
        var running = await app.Queue.DequeueAsync(cts.Token);
        for (var n = 1; n <= 6; n++)
        {
            await app.Queue.EnqueueAsync(Command(7, n));
        }
        await app.Queue.EnqueueAsync(Command(8, 0));

        using var prompt = new CancellationTokenSource(3_000);
        var other = await app.Queue.DequeueAsync(prompt.Token);

        Assert.That(other.Job.Number, Is.EqualTo(8), "pull request 8's job starts while 7 runs");
        other.Complete();
        running.Complete();
        var after = new List<string>();
        for (var n = 1; n <= 6; n++)
        {
            var next = await app.Queue.DequeueAsync(cts.Token);
            after.Add(next.Job.Id);
            next.Complete();
        }
        Assert.That(after, Is.EqualTo(Enumerable.Range(1, 6).Select(n => $"c7-{n}")), "pull request 7's jobs run in the order they came");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task AForcedReviewOfAnOlderCommit_NeitherDropsNorCancelsTheHeadsReview()
    {
        await using var app = App();
        _ = await app.CreateConnectedClientAsync();
        using var cts = new CancellationTokenSource(20_000);
        await app.Queue.EnqueueAsync(Review(new string('b', 40)));
        await app.Queue.EnqueueAsync(Review(new string('a', 40), forced: true));
        var head = await app.Queue.DequeueAsync(cts.Token);
        await app.Queue.EnqueueAsync(Review(new string('0', 40), forced: true));

        // The heartbeat (every second here) is where a running review learns of a newer head.
        await Task.Delay(2500);
        Assert.That((head.Job.HeadSha, head.CancellationToken.IsCancellationRequested), Is.EqualTo((new string('b', 40), false)));
        head.Complete();
        var rerun = await app.Queue.DequeueAsync(cts.Token);
        rerun.Complete();
        var second = await app.Queue.DequeueAsync(cts.Token);

        Assert.That(new[] { rerun.Job.HeadSha, second.Job.HeadSha }, Is.EqualTo(new[] { new string('a', 40), new string('0', 40) }), "both re-runs run, after the head's review");
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ANewerHeadCommit_StillSupersedesAQueuedForcedReviewOfAnOlderOne()
    {
        await using var app = App();
        _ = await app.CreateConnectedClientAsync();
        await app.Queue.EnqueueAsync(Review(new string('b', 40)));
        await app.Queue.EnqueueAsync(Review(new string('a', 40), forced: true));
        await app.Queue.EnqueueAsync(Review(new string('c', 40)));
        using var cts = new CancellationTokenSource(10_000);

        var lease = await app.Queue.DequeueAsync(cts.Token);
        var more = app.Queue.DequeueAsync(new CancellationTokenSource(1500).Token).AsTask();

        Assert.That(lease.Job.HeadSha, Is.EqualTo(new string('c', 40)));
        Assert.That(async () => await more, Throws.InstanceOf<OperationCanceledException>(), "nothing else is left to run");
    }
}
