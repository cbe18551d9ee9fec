using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using ReviewBot.Hosting;

namespace ReviewBot.Tests.Hosting;

public class BackgroundLoopTests
{
    [Test]
    public async Task AnIterationThatThrows_IsLoggedAndBackedOff_AndTheLoopGoesOn()
    {
        var time = new FakeTimeProvider();
        var logger = new FakeLogger();
        var calls = 0;
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var loop = BackgroundLoop.RunAsync("test", _ =>
        {
            if (++calls == 3)
            {
                third.TrySetResult();
            }

            return calls <= 2 ? throw new FormatException($"bad {calls}") : Task.Delay(Timeout.Infinite, stop.Token);
        }, logger, time, stop.Token);

        await WaitForAsync(() => calls == 1);
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitForAsync(() => calls == 2);
        time.Advance(TimeSpan.FromSeconds(2));
        await third.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(5));

        var records = logger.Collector.GetSnapshot();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(loop.IsCompletedSuccessfully, Is.True, "the loop ends quietly when the host stops");
            Assert.That(records, Has.Count.EqualTo(2));
            Assert.That(records[0].Exception, Is.TypeOf<FormatException>(), "the first failure keeps its stack trace");
            Assert.That(records[1].Exception, Is.Null, "a repeat is one line");
            Assert.That(records[1].Message, Does.Contain("bad 2").And.Contain("2 in a row"));
        }
    }

    [TestCase(1, 1)]
    [TestCase(2, 2)]
    [TestCase(3, 4)]
    [TestCase(7, 60)]
    [TestCase(1000, 60)]
    public void Backoff_GrowsToAMinute(int failures, int seconds) =>
        Assert.That(BackgroundLoop.Backoff(failures), Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.That(condition(), Is.True);
    }
}
