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

    [TestCase(0, Description = "while the host starts")]
    [TestCase(300, Description = "once it serves")]
    public async Task RunUntilStopped_ABackgroundServiceThatFails_EndsWithANonZeroExitCode(int afterMilliseconds)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddHostedService(_ => new Broken(TimeSpan.FromMilliseconds(afterMilliseconds)));
        var app = builder.Build();

        var exitCode = await Task.Run(app.RunUntilStopped).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(exitCode, Is.EqualTo(1), "exit code 0 would tell a supervisor the service stopped on purpose");
    }
}
