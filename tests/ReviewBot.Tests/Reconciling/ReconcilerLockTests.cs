using ReviewBot.Reconciling;
using ReviewBot.Tests.TestSupport;
using StackExchange.Redis;

namespace ReviewBot.Tests.Reconciling;

/// <summary>
/// With Redis, one instance reconciles a period: two instances sharing Redis and GitHub list the installations once,
/// and the claim is an expiring key that only its owner can delete.
/// </summary>
public sealed class ReconcilerLockTests : FakeGitHubTest
{
    private const string Sha = "1111111111111111111111111111111111111111";
    private ConnectionMultiplexer _redis = null!;
    private string _connection = "";

    /// <summary>Installation tokens are cached in Redis by installation: one no earlier test's fake GitHub minted a token for.</summary>
    private static long FreshInstallation() => Random.Shared.NextInt64(1_000_000, long.MaxValue / 2);

    [SetUp]
    public async Task Connect()
    {
        // A database of its own: with Redis the queued jobs are in its stream, which other tests' instances must not read.
        _connection = RedisTestServer.FreshDatabase();
        _redis = await ConnectionMultiplexer.ConnectAsync(_connection);
        await _redis.GetDatabase().KeyDeleteAsync(ReconcilerLock.Key);
    }

    [TearDown]
    public async Task Disconnect()
    {
        await _redis.GetDatabase().KeyDeleteAsync(ReconcilerLock.Key);
        await _redis.DisposeAsync();
    }

    private ReviewBotApplication Instance() => new(ReviewBotApplication.WithGitHub(GitHub, new Dictionary<string, string?>
    {
        ["ConnectionStrings:Redis"] = _connection,
        ["Jobs:Workers"] = "0",
        ["Reconciler:Interval"] = "00:00:03",
    }));

    private long Queued() => _redis.GetDatabase().StreamLength("reviewbot:jobs");

    [Test]
    [CancelAfter(30_000)]
    public async Task Two_instances_on_one_Redis_reconcile_a_period_once()
    {
        GitHub.AddPullRequest("acme/lost", 4, Sha, installationId: FreshInstallation());
        await using var one = Instance();
        await using var two = Instance();
        using var a = await one.CreateConnectedClientAsync();
        using var b = await two.CreateConnectedClientAsync();

        await Eventually(() => Queued() > 0, "a pass to queue the review", 15_000);
        // Both timers have fired by now (they started within the period), and the period is not over.
        await Eventually(() => one.Logs.GetSnapshot().Concat(two.Logs.GetSnapshot()).Any(r => r.Message.StartsWith("Reconciling skipped this period", StringComparison.Ordinal)),
            "the other instance to skip the period", 3_000);

        Assert.That(GitHub.Requests.Count(r => r.Path == "/app/installations"), Is.EqualTo(1), "one instance listed");
        Assert.That(Queued(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_claim_expires_with_its_period_and_only_its_owner_gives_it_back()
    {
        await using var app = Instance();
        using var client = await app.CreateConnectedClientAsync();
        var gate = app.Services.GetRequiredService<ReconcilerLock>();
        var db = _redis.GetDatabase();

        var mine = await gate.TryClaimAsync(TimeSpan.FromMinutes(1));
        var theirs = await gate.TryClaimAsync(TimeSpan.FromMinutes(1));
        var ttl = await db.KeyTimeToLiveAsync(ReconcilerLock.Key);
        await gate.ReleaseAsync("someone-else");
        var afterStrangerRelease = (string?)await db.StringGetAsync(ReconcilerLock.Key);
        await gate.ReleaseAsync(mine!);

        Assert.That(mine, Is.Not.Null);
        Assert.That(theirs, Is.Null, "the period is held");
        Assert.That(ttl, Is.GreaterThan(TimeSpan.FromSeconds(50)).And.LessThanOrEqualTo(TimeSpan.FromMinutes(1)));
        Assert.That(afterStrangerRelease, Is.EqualTo(mine));
        Assert.That(await db.KeyExistsAsync(ReconcilerLock.Key), Is.False);
    }
}
