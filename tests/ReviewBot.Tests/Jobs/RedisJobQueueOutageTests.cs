using ReviewBot.Tests.TestSupport;
using StackExchange.Redis;

namespace ReviewBot.Tests.Jobs;

/// <summary>The wake-ups for new jobs (a pub/sub subscription) when Redis refuses them for a while, or goes away and comes back.</summary>
public class RedisJobQueueOutageTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task TheWakeUpSubscription_IsTriedAgain_AfterRedisRefusedIt()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        using var look = await ConnectionMultiplexer.ConnectAsync(redis.Connection);
        // A Redis whose ACL does not (yet) let the default user use channels: SUBSCRIBE is answered NOPERM.
        await look.GetDatabase().ExecuteAsync("ACL", "SETUSER", "default", "resetchannels");
        await using var app = App(redis);
        _ = await app.CreateConnectedClientAsync();
        await WaitForAsync(() => app.Logs.GetSnapshot().Any(r => r.Message.Contains("Wake-ups for new jobs are off", StringComparison.Ordinal)), "the refusal is said");

        await look.GetDatabase().ExecuteAsync("ACL", "SETUSER", "default", "allchannels");

        await WaitForAsync(async () => await Subscribers(look) > 0, "the app subscribes once Redis lets it");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task TheWakeUpSubscription_IsThereAgain_AfterRedisRestarted()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using var app = App(redis);
        _ = await app.CreateConnectedClientAsync();
        using (var before = await ConnectionMultiplexer.ConnectAsync(redis.Connection))
        {
            await WaitForAsync(async () => await Subscribers(before) > 0, "subscribed at the start");
        }

        await redis.StopAsync();
        await Task.Delay(1000);
        await redis.StartAgainAsync();

        using var look = await ConnectionMultiplexer.ConnectAsync(redis.Connection);
        await WaitForAsync(async () => await Subscribers(look) > 0, "subscribed again once Redis is back");
    }

    private static ReviewBotApplication App(RedisServerProcess redis) => new(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Redis"] = redis.Connection,
        ["Jobs:Workers"] = "0",
    });

    private static Task WaitForAsync(Func<bool> done, string what) => WaitForAsync(() => Task.FromResult(done()), what);

    private static async Task WaitForAsync(Func<Task<bool>> done, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), what);
            await Task.Delay(200);
        }
    }

    private static async Task<long> Subscribers(ConnectionMultiplexer redis)
    {
        var answer = (RedisResult[])(await redis.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", "reviewbot:jobs:wake"))!;
        return (long)answer[1];
    }
}
