using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReviewBot.Jobs;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Jobs;

/// <summary>One installation that opens 200 pull requests at once does not starve the others.</summary>
public class FairnessTests
{
    private static Job Review(long installation, int pr) =>
        Job.ForReview($"i{installation}-{pr}", new ReviewRequest(installation, $"owner{installation}", "repo", pr, $"{pr:x40}", false, "test"));

    /// <summary>Installation 1 opens 200 pull requests at once; then installation 2 opens one (through another instance, if given).</summary>
    private static async Task QueueBurstAsync(IJobQueue queue, IJobQueue other)
    {
        for (var pr = 1; pr <= 200; pr++)
        {
            await queue.EnqueueAsync(Review(1, pr));
        }
        await other.EnqueueAsync(Review(2, 1));
    }

    private static InProcessJobQueue InProcess(int maxPerInstallation = 0) =>
        new(Options.Create(new JobsOptions { MaxPerInstallation = maxPerInstallation }), NullLogger<InProcessJobQueue>.Instance);

    [Test]
    public async Task InProcess_AFreeWorker_TakesTheInstallationWithFewerRunningJobs_NotTheOldestJob()
    {
        var queue = InProcess();
        await QueueBurstAsync(queue, queue);
        using var cts = new CancellationTokenSource(5000);

        var first = await queue.DequeueAsync(cts.Token);
        var second = await queue.DequeueAsync(cts.Token);

        Assert.That((first.Job.InstallationId, second.Job.InstallationId), Is.EqualTo(((long?)1, (long?)2)), "the 201st job is the second to start");
    }

    [Test]
    public async Task InProcess_AnInstallationAtItsLimit_WaitsUntilOneOfItsJobsEnds()
    {
        var queue = InProcess(maxPerInstallation: 1);
        await queue.EnqueueAsync(Review(1, 1));
        await queue.EnqueueAsync(Review(1, 2));
        using var cts = new CancellationTokenSource(5000);
        var running = await queue.DequeueAsync(cts.Token);

        var next = queue.DequeueAsync(cts.Token).AsTask();
        await Task.Delay(200);
        Assert.That(next.IsCompleted, Is.False, "installation 1 has its one worker");
        running.Complete();

        Assert.That((await next).Job.Number, Is.EqualTo(2));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Redis_AFreeWorker_TakesTheInstallationWithFewerRunningJobs_NotTheOldestJob()
    {
        await using var app = RedisApp(maxPerInstallation: 0);
        _ = await app.CreateConnectedClientAsync();
        var queue = app.Queue;
        await QueueBurstAsync(queue, queue);
        using var cts = new CancellationTokenSource(20_000);

        var first = await queue.DequeueAsync(cts.Token);
        var second = await queue.DequeueAsync(cts.Token);
        var third = await queue.DequeueAsync(cts.Token);

        Assert.That((first.Job.InstallationId, second.Job.InstallationId), Is.EqualTo(((long?)1, (long?)2)), "the 201st job is the second to start, with no Jobs:MaxPerInstallation");
        Assert.That(third.Job.Number, Is.EqualTo(2), "installation 1's own jobs keep their order");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Redis_TwoInstances_StartAnotherInstallationsJob_AmongTheFirstThree()
    {
        var redis = RedisTestServer.FreshDatabase();
        ReviewBotApplication Instance() => new(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis, ["Jobs:Workers"] = "0" });
        await using var one = Instance();
        await using var two = Instance();
        _ = await one.CreateConnectedClientAsync();
        _ = await two.CreateConnectedClientAsync();
        await QueueBurstAsync(one.Queue, two.Queue);
        using var cts = new CancellationTokenSource(20_000);

        var started = new List<long?>
        {
            (await one.Queue.DequeueAsync(cts.Token)).Job.InstallationId,
            (await two.Queue.DequeueAsync(cts.Token)).Job.InstallationId,
            (await one.Queue.DequeueAsync(cts.Token)).Job.InstallationId,
        };

        Assert.That(started, Does.Contain((long?)2), "each instance looks past the installation it already runs");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Redis_OneInstallationAlone_KeepsItsOrder_AndNothingIsMovedInTheStream()
    {
        var redis = RedisTestServer.FreshDatabase();
        await using var app = new ReviewBotApplication(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis, ["Jobs:Workers"] = "0" });
        _ = await app.CreateConnectedClientAsync();
        for (var pr = 1; pr <= 40; pr++)
        {
            await app.Queue.EnqueueAsync(Review(1, pr));
        }
        using var look = RedisTestServer.Open(redis);
        var before = (await look.GetDatabase().StreamRangeAsync("reviewbot:jobs")).Select(e => e.Id).ToList();
        using var cts = new CancellationTokenSource(20_000);

        var started = new List<int?>();
        for (var i = 0; i < 5; i++)
        {
            started.Add((await app.Queue.DequeueAsync(cts.Token)).Job.Number);
        }

        Assert.That(started, Is.EqualTo(new int?[] { 1, 2, 3, 4, 5 }));
        Assert.That((await look.GetDatabase().StreamRangeAsync("reviewbot:jobs")).Select(e => e.Id), Is.EqualTo(before), "no entry given back to the end");
    }

    private static ReviewBotApplication RedisApp(int maxPerInstallation) => new(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Redis"] = RedisTestServer.FreshDatabase(),
        ["Jobs:Workers"] = "0",
        ["Jobs:MaxPerInstallation"] = maxPerInstallation.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    [Test]
    [CancelAfter(30_000)]
    public async Task Redis_AnInstallationAtItsLimit_GoesToTheBackOfTheStream_BehindTheOthers()
    {
        await using var app = RedisApp(maxPerInstallation: 1);
        _ = await app.CreateConnectedClientAsync();
        var queue = app.Queue;
        for (var pr = 1; pr <= 20; pr++)
        {
            await queue.EnqueueAsync(Review(1, pr));
        }
        await queue.EnqueueAsync(Review(2, 1));
        using var cts = new CancellationTokenSource(20_000);

        var first = await queue.DequeueAsync(cts.Token);
        var second = await queue.DequeueAsync(cts.Token);

        Assert.That((first.Job.InstallationId, second.Job.InstallationId), Is.EqualTo(((long?)1, (long?)2)), "installation 2's job passes the 19 waiting ones");
        Assert.That(queue.RemembersJobs, Is.True);
    }
}
