using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReviewBot.Hosting;

namespace ReviewBot.Tests.Hosting;

public class HostingExtensionsTests
{
    private sealed class Broken(TimeSpan after) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Delay(after, stoppingToken);
            throw new InvalidOperationException("a bug outside every loop guard");
        }
    }

    private sealed class Cancelled : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Delay(300, stoppingToken);
            using var unrelated = new CancellationTokenSource();
            await unrelated.CancelAsync();
            unrelated.Token.ThrowIfCancellationRequested();
        }
    }

    private sealed class Waiting : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
    }

    private static WebApplication Build(Action<IServiceCollection> services)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        services(builder.Services);
        return builder.Build();
    }

    [Test]
    public async Task RunUntilStopped_ABackgroundServiceThatLetsACancellationEscape_EndsWithANonZeroExitCode()
    {
        var app = Build(s => s.AddHostedService<Cancelled>());

        var exitCode = await Task.Run(app.RunUntilStopped).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(exitCode, Is.EqualTo(1));
    }

    [Test]
    public async Task RunUntilStopped_StoppedByItsOperator_EndsWithZero()
    {
        var app = Build(s => s.AddHostedService<Waiting>());
        var run = Task.Run(app.RunUntilStopped);
        await Task.Delay(500);

        app.Lifetime.StopApplication();

        Assert.That(await run.WaitAsync(TimeSpan.FromSeconds(30)), Is.Zero);
    }

    [TestCase(0, Description = "while the host starts")]
    [TestCase(300, Description = "once it serves")]
    public async Task RunUntilStopped_ABackgroundServiceThatFails_EndsWithANonZeroExitCode(int afterMilliseconds)
    {
        var app = Build(s => s.AddHostedService(_ => new Broken(TimeSpan.FromMilliseconds(afterMilliseconds))));

        var exitCode = await Task.Run(app.RunUntilStopped).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(exitCode, Is.EqualTo(1), "exit code 0 would tell a supervisor the service stopped on purpose");
    }
}
