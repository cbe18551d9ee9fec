using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ReviewBot.Caching;
using ReviewBot.Model;
using ReviewBot.Spending;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Spending;

/// <summary>
/// The ledger's rules, the same in process and in Redis: counters per UTC window, and a starting review holding its
/// repository's largest review so far, so that reviews starting together never take more room than there is.
/// </summary>
public abstract class SpendLedgerTests
{
    private static readonly SpendAccount Account = new(7, "Codertocat", "Hello-World");

    protected FakeTimeProvider Clock { get; private set; } = null!;

    protected abstract ISpendLedger Ledger();

    /// <summary>
    /// 10:00 UTC on the 2nd of next month: ahead of the real clock, because Redis expires the counters at their window's
    /// end by its own clock.
    /// </summary>
    protected static DateTimeOffset Start { get; } = NextMonth().AddDays(1).AddHours(10);

    [SetUp]
    public void StartClock() => Clock = new(Start);

    private static DateTimeOffset NextMonth()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
    }

    [Test]
    public async Task Reviews_starting_together_take_no_more_than_the_room_left_for_the_largest_review()
    {
        var limits = Limits(new SpendOptions { RepositoryTokensPerDay = 10_000 });
        await SpendAsync(limits, 4_000);

        // Room for 6,000 more, the largest review being 4,000: the second to start would go past the limit.
        var decisions = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => limits.StartAsync(Account))));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decisions.Count(d => d.Allowed), Is.EqualTo(2), "4,000 spent + 4,000 held < 10,000, and + 8,000 is not");
            Assert.That(decisions.Where(d => !d.Allowed).Select(d => d.Reserved).Distinct(), Is.EqualTo(new[] { 8_000L }));
        }
    }

    [Test]
    public async Task A_finished_review_releases_its_hold_and_a_crashed_one_lapses_after_its_lifetime()
    {
        var limits = Limits(new SpendOptions { RepositoryTokensPerDay = 10_000, ReservationLifetime = TimeSpan.FromMinutes(30) });
        await SpendAsync(limits, 6_000);
        var crashed = await limits.StartAsync(Account);

        var blocked = await limits.StartAsync(Account);
        Clock.Advance(TimeSpan.FromMinutes(31));
        var afterLapse = await limits.StartAsync(Account);
        await afterLapse.Ticket!.DisposeAsync();
        var afterRelease = await limits.StartAsync(Account);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(crashed.Allowed, Is.True);
            Assert.That(blocked.Allowed, Is.False, "6,000 spent and 6,000 held by the review that never ended");
            Assert.That(afterLapse.Allowed, Is.True, "the dead review's hold lapsed");
            Assert.That(afterRelease.Allowed, Is.True, "the finished review let go");
        }
    }

    [Test]
    public async Task Spend_counts_in_the_window_it_happens_in()
    {
        var limits = Limits(new SpendOptions { RepositoryTokensPerDay = 1_000, RepositoryTokensPerMonth = 1_500 });
        Clock.SetUtcNow(Start.Date.AddDays(1).AddSeconds(-1));
        await SpendAsync(limits, 1_000);
        var sameDay = await limits.PeekAsync(Account);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var nextDay = await limits.PeekAsync(Account);
        await SpendAsync(limits, 600);
        var monthSpent = await limits.PeekAsync(Account);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sameDay.StoppedBy, Is.EqualTo(new SpendLimit(SpendScope.Repository, SpendPeriod.Day, 1_000)));
            Assert.That(sameDay.ResetsAt, Is.EqualTo(new DateTimeOffset(Start.Date.AddDays(1), TimeSpan.Zero)));
            Assert.That(nextDay.Allowed, Is.True);
            Assert.That(monthSpent.StoppedBy, Is.EqualTo(new SpendLimit(SpendScope.Repository, SpendPeriod.Month, 1_500)));
            Assert.That(monthSpent.Spent, Is.EqualTo(1_600));
            Assert.That(monthSpent.ResetsAt, Is.EqualTo(new DateTimeOffset(Start.Date.AddDays(-1).AddMonths(1), TimeSpan.Zero)));
        }
    }

    [Test]
    public async Task Peeking_holds_nothing()
    {
        var limits = Limits(new SpendOptions { RepositoryTokensPerDay = 10_000 });
        await SpendAsync(limits, 4_000);

        for (var i = 0; i < 5; i++)
        {
            await limits.PeekAsync(Account);
        }

        Assert.That((await limits.PeekAsync(Account)).Allowed && (await limits.StartAsync(Account)).Allowed, Is.True);
    }

    [Test]
    public async Task Without_limits_spend_is_still_counted_so_a_limit_set_later_sees_it()
    {
        var ledger = Ledger();
        await SpendAsync(Limits(new SpendOptions(), ledger), 5_000);

        var decision = await Limits(new SpendOptions { InstallationTokensPerMonth = 5_000 }, ledger).PeekAsync(Account);

        Assert.That(decision.StoppedBy?.Scope, Is.EqualTo(SpendScope.Installation));
    }

    protected SpendLimits Limits(SpendOptions options, ISpendLedger? ledger = null) =>
        new(ledger ?? Ledger(), Microsoft.Extensions.Options.Options.Create(options), Clock, NullLogger<SpendLimits>.Instance);

    /// <summary>One review that spends <paramref name="tokens"/> through the model meter, as the model client reports them.</summary>
    private static async Task SpendAsync(SpendLimits limits, long tokens)
    {
        var decision = await limits.StartAsync(Account);
        Assert.That(decision.Ticket, Is.Not.Null, "the spending review was refused");
        await using var ticket = decision.Ticket!;
        using (ticket.Track())
        {
            await TokenMeter.SpentAsync(new TokenUsage(tokens - 100, 0, 100, 1));
        }
    }
}

public sealed class MemorySpendLedgerTests : SpendLedgerTests
{
    private MemorySpendLedger? _ledger;

    [SetUp]
    public void NewLedger() => _ledger = new MemorySpendLedger(Clock);

    protected override ISpendLedger Ledger() => _ledger!;
}

[NonParallelizable]
public sealed class RedisSpendLedgerTests : SpendLedgerTests
{
    private RedisConnection? _redis;

    [SetUp]
    public async Task Connect()
    {
        _redis = new RedisConnection(RedisTestServer.FreshDatabase(), NullLogger<RedisConnection>.Instance);
        await _redis.StartAsync(CancellationToken.None);
        await _redis.GetAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [TearDown]
    public async Task Disconnect()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    protected override ISpendLedger Ledger() => new RedisSpendLedger(_redis!);

    [Test]
    public async Task Counters_expire_when_their_window_ends()
    {
        var limits = Limits(new SpendOptions { RepositoryTokensPerDay = 1 });
        var decision = await limits.StartAsync(new SpendAccount(7, "Codertocat", "Hello-World"));
        await using (decision.Ticket!)
        using (decision.Ticket!.Track())
        {
            await TokenMeter.SpentAsync(new TokenUsage(10, 0, 5, 1));
        }

        var db = _redis!.Database();
        var dayKey = $"reviewbot:spend:repository:codertocat/hello-world:day:{Start:yyyy-MM-dd}";
        var day = await db.KeyExpireTimeAsync(dayKey);
        var month = await db.KeyExpireTimeAsync($"reviewbot:spend:installation:7:month:{Start:yyyy-MM}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That((long)(await db.StringGetAsync(dayKey)), Is.EqualTo(15));
            Assert.That(day, Is.EqualTo(Start.UtcDateTime.Date.AddDays(1)));
            Assert.That(month, Is.EqualTo(Start.UtcDateTime.Date.AddDays(-1).AddMonths(1)));
        }
    }
}
