using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReviewBot.Webhooks;

namespace ReviewBot.Tests.Webhooks;

public class InMemoryDeliveryLogTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    private InMemoryDeliveryLog CreateSut(int max = 500_000) =>
        new(Options.Create(new WebhooksOptions { MaxRememberedDeliveries = max }), _time);

    [Test]
    public async Task ADeliveryClaimedTwice_IsTakenOnce_UntilItsRetentionEnds()
    {
        var log = CreateSut();

        Assert.That(await log.TryClaimAsync("a"), Is.True);
        Assert.That(await log.TryClaimAsync("a"), Is.False);
        _time.Advance(TimeSpan.FromDays(3) + TimeSpan.FromSeconds(1));
        Assert.That(await log.TryClaimAsync("a"), Is.True);
    }

    [Test]
    public async Task PastTheBound_TheIdsForgottenSoonestGoFirst_AndTheNewestAreRemembered()
    {
        var log = CreateSut(max: 1_000);
        for (var i = 0; i < 5_000; i++)
        {
            await log.TryClaimAsync($"d{i}");
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.That(log.Count, Is.LessThanOrEqualTo(1_000), "trimmed on every claim");
        Assert.That(await log.TryClaimAsync("d4999"), Is.False, "the newest is still known");
        Assert.That(await log.TryClaimAsync("d0"), Is.True, "the oldest was let go");
    }

    [Test]
    public async Task NoClaimPaysForTheWholeTable_EvenAtTheBound()
    {
        var log = CreateSut(max: 300_000);
        for (var i = 0; i < 300_000; i++)
        {
            await log.TryClaimAsync($"d{i}");
        }
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 20_000; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await log.TryClaimAsync($"e{i}");
            var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            slowest = took > slowest ? took : slowest;
        }

        Assert.That(log.Count, Is.EqualTo(300_000));
        // A sweep of the whole table took 96-215 ms here; a GC pause can still take a few ms, so the bar is well below that.
        Assert.That(slowest, Is.LessThan(TimeSpan.FromMilliseconds(50)), $"slowest claim {slowest.TotalMilliseconds:F1} ms");
    }
}
