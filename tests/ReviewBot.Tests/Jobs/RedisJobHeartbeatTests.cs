using ReviewBot.Jobs;
using ReviewBot.Tests.TestSupport;
using StackExchange.Redis;

namespace ReviewBot.Tests.Jobs;

/// <summary>The heartbeat's care of the consumer group: what dead workers leave behind is taken over, then they are removed.</summary>
public class RedisJobHeartbeatTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task ConsumersOfDeadWorkers_AreRemoved_OnceTheyHoldNothing_AndTheirJobIsNotLost()
    {
        var redis = RedisTestServer.FreshDatabase();
        using var look = RedisTestServer.Open(redis);
        var db = look.GetDatabase();
        await db.StreamCreateConsumerGroupAsync("reviewbot:jobs", "workers", "0-0", createStream: true);
        var job = Job.ForReview("dead-worker-job", new ReviewRequest(1, "o", "r", 7, new string('d', 40), false, "test"));
        await db.StreamAddAsync("reviewbot:jobs", "job", JobJson.Write(job));
        await db.StringSetAsync($"reviewbot:job:{job.Id}", "queued");
        // A worker that took the job and died, and one that died holding nothing.
        await db.StreamReadGroupAsync("reviewbot:jobs", "workers", "dead-1", ">", 1);
        await db.StreamReadGroupAsync("reviewbot:jobs", "workers", "dead-2", ">", 1);
        await using var app = new ReviewBotApplication(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis,
            ["Jobs:Workers"] = "0",
            ["Jobs:VisibilityTimeout"] = "00:00:03",
        });
        _ = await app.CreateConnectedClientAsync();
        var worker = app.Services.GetRequiredService<RedisJobQueue>().Worker;
        using var cts = new CancellationTokenSource(40_000);

        var lease = await app.Queue.DequeueAsync(cts.Token);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await Consumers(db)).Any(c => c.StartsWith("dead-", StringComparison.Ordinal)))
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), "the dead consumers are deleted");
            await Task.Delay(200);
        }

        Assert.That(lease.Job.Id, Is.EqualTo(job.Id), "taken over first");
        Assert.That(await Consumers(db), Is.EqualTo(new[] { worker }), "the live worker, which holds the job, stays");
        Assert.That((await db.StreamPendingAsync("reviewbot:jobs", "workers")).PendingMessageCount, Is.EqualTo(1), "the job is still pending, with its worker");
    }

    private static async Task<string[]> Consumers(IDatabase db) =>
        [.. (await db.StreamConsumerInfoAsync("reviewbot:jobs", "workers")).Select(c => c.Name.ToString())];
}
