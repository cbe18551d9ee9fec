using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReviewBot.Jobs;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Jobs;

/// <summary>Each background loop made to fail: the service keeps answering, and the host is never asked to stop.</summary>
public class BackgroundFailureTests
{
    /// <summary>A queue whose every read fails, as a broken queue backend would.</summary>
    private sealed class FailingQueue : IJobQueue
    {
        public int Reads;

        public IReadOnlyList<Job> Pending => [];

        public ValueTask<EnqueueResult> EnqueueAsync(Job job, CancellationToken cancellationToken = default) => ValueTask.FromResult(EnqueueResult.Queued);

        public ValueTask<JobLease> DequeueAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Reads);
            throw new InvalidOperationException("the queue backend is broken");
        }
    }

    [Test]
    public async Task WorkersWhoseQueueFailsOnEveryRead_KeepTheServiceAnswering()
    {
        var queue = new FailingQueue();
        await using var app = new ReviewBotApplication(new Dictionary<string, string?> { ["Jobs:Workers"] = "2" })
        {
            Replace = services => services.AddSingleton<IJobQueue>(queue),
        };
        using var client = app.CreateClient();
        var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

        await WaitForAsync(() => queue.Reads >= 4, TimeSpan.FromSeconds(10));
        using var health = await client.GetAsync("/healthz");
        using var webhook = await client.SendAsync(WebhookSigner.Delivery("pull_request",
            File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json")), ReviewBotApplication.Secret));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stopping.IsCancellationRequested, Is.False);
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(webhook.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(app.Logs.GetSnapshot().Count(r => r.Message.Contains("Background loop JobWorker failed", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(2));
            Assert.That(app.Logs.GetSnapshot().Count(r => r.Exception is not null && r.Message.Contains("JobWorker", StringComparison.Ordinal)), Is.LessThanOrEqualTo(2),
                "the stack trace is logged once per loop, not once per failure");
        }
    }

    [Test]
    public async Task AnnouncerWhoseGitHubAnswersGarbage_KeepsTheServiceAnswering()
    {
        await using var garbage = await GarbageServer.StartAsync();
        await using var app = new ReviewBotApplication(new Dictionary<string, string?>
        {
            ["Jobs:Workers"] = "0",
            ["GitHub:AppId"] = ReviewBotApplication.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GitHub:PrivateKey"] = TestKeys.PrivateKeyPem,
            ["GitHub:ApiBaseUrl"] = garbage.Url.ToString(),
        });
        using var client = app.CreateClient();
        var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

        for (var number = 1; number <= 3; number++)
        {
            var payload = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TestResources.Webhook("pull_request", "opened.2.payload.json")))!;
            payload["number"] = number;
            using var webhook = await client.SendAsync(WebhookSigner.Delivery("pull_request", payload.ToJsonString(), ReviewBotApplication.Secret));
            Assert.That(webhook.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await WaitForAsync(() => app.Logs.GetSnapshot().Count(r => r.Message.Contains("queued check run", StringComparison.Ordinal)) == 3,
            TimeSpan.FromSeconds(20), () => $"{garbage.Requests} requests\n{Dump(app)}");
        using var health = await client.GetAsync("/healthz");

        Assert.That(stopping.IsCancellationRequested, Is.False);
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, Func<string>? describe = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < timeout)
        {
            await Task.Delay(20);
        }

        Assert.That(condition(), Is.True, describe?.Invoke() ?? "timed out");
    }

    private static string Dump(ReviewBotApplication app) => string.Join("\n", app.Logs.GetSnapshot().Select(r => $"{r.Level} {r.Message} {r.Exception?.GetType().Name}"));

    /// <summary>Answers every request 200 with a body that is not what any GitHub endpoint returns.</summary>
    private sealed class GarbageServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _requests;

        private GarbageServer(WebApplication app) => _app = app;

        public Uri Url { get; private set; } = null!;

        public int Requests => _requests;

        public static async Task<GarbageServer> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var server = new GarbageServer(app);
            app.Run(async context =>
            {
                Interlocked.Increment(ref server._requests);
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"token\": [1, 2], \"expires_at\": {\"no\": true}, \"id\": \"x\"");
            });
            await app.StartAsync();
            server.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
            return server;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
