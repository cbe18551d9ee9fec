using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Webhooks;

public class RedisOutageTests
{
    [Test]
    public async Task ADeliveryWhileRedisIsDown_Gets503ToRedeliver_NotA500()
    {
        // Port 1 on loopback: nothing listens there, so every connection attempt is refused.
        await using var app = new ReviewBotApplication(new Dictionary<string, string?>
        {
            ["Jobs:Workers"] = "0",
            ["ConnectionStrings:Redis"] = "127.0.0.1:1,connectTimeout=200,asyncTimeout=500,syncTimeout=500",
        });
        using var client = app.CreateClient();

        using var response = await client.SendAsync(WebhookSigner.Delivery("pull_request",
            File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json")), ReviewBotApplication.Secret));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), await response.Content.ReadAsStringAsync());
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("redeliver later"));
        Assert.That(app.Queue.Pending, Is.Empty);
        Assert.That(app.Logs.GetSnapshot().Where(r => r.Exception is not null), Is.Empty, "an outage is one line, without a stack trace");
    }

    private const string Secret = "outage-secret";

    private static readonly byte[] Body = File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json"));

    [Test]
    public async Task ACold_instance_with_Redis_hit_at_once_by_32_connections_answers_every_delivery_within_2_s()
    {
        await using var service = ServiceProcess.Start(Settings(RedisTestServer.Connection()));
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = service.Url, Timeout = TimeSpan.FromSeconds(10) };
        var answers = new System.Collections.Concurrent.ConcurrentBag<(HttpStatusCode Status, TimeSpan Took)>();
        var firstAnswer = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var startup = Stopwatch.StartNew();

        // Each connection sends deliveries back to back from the moment the process starts; until Kestrel listens the connect
        // is refused (not a request yet). The run ends 3 s after the first answer, or after 30 s for a start that never ends.
        async Task SendUntilDoneAsync()
        {
            while (startup.Elapsed < TimeSpan.FromSeconds(30) && !(firstAnswer.Task.IsCompleted && startup.Elapsed > firstAnswer.Task.Result + TimeSpan.FromSeconds(3)))
            {
                var clock = Stopwatch.StartNew();
                try
                {
                    using var response = await client.SendAsync(WebhookSigner.Delivery("pull_request", Body, Secret));
                    answers.Add((response.StatusCode, clock.Elapsed));
                    firstAnswer.TrySetResult(startup.Elapsed);
                }
                catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused } && !firstAnswer.Task.IsCompleted)
                {
                    await Task.Delay(10);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(SendUntilDoneAsync)));

        Assert.That(answers, Has.Count.GreaterThan(32), $"the service answered; {service.RecentOutput}");
        Assert.That(answers.Select(a => a.Status).Distinct(), Is.SubsetOf(new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.That(answers.Max(a => a.Took), Is.LessThan(TimeSpan.FromSeconds(2)), $"{answers.Count} answers; {service.RecentOutput}");
        Assert.That(answers.Count(a => a.Status == HttpStatusCode.OK), Is.GreaterThan(0), "once connected, deliveries are taken");
        await TestContext.Out.WriteLineAsync($"{answers.Count} answers ({answers.Count(a => a.Status == HttpStatusCode.ServiceUnavailable)} were 503) from first listen to 3 s after; slowest {answers.Max(a => a.Took).TotalMilliseconds:F0} ms");
    }

    [Test]
    public async Task Redis_going_away_is_503_and_unready_logged_once_and_coming_back_needs_no_restart()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using var service = ServiceProcess.Start(Settings(redis.Connection));
        using var client = await ConnectedClientAsync(service);

        await redis.StopAsync();
        var refused = new List<(HttpStatusCode Status, string Body, TimeSpan Took)>();
        for (var i = 0; i < 50; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.SendAsync(WebhookSigner.Delivery("pull_request", Body, Secret));
            refused.Add((response.StatusCode, await response.Content.ReadAsStringAsync(), clock.Elapsed));
        }

        Assert.That(refused.Select(r => r.Status), Is.All.EqualTo(HttpStatusCode.ServiceUnavailable), service.RecentOutput);
        Assert.That(refused.Select(r => r.Body), Is.All.Contains("not reachable; redeliver later"));
        Assert.That(refused.Max(r => r.Took), Is.LessThan(TimeSpan.FromSeconds(2)), "refused at once, not after a timeout");
        Assert.That(await ReadyzAsync(client), Is.EqualTo((HttpStatusCode.ServiceUnavailable, "Unhealthy")), "unready while Redis is away");

        await redis.StartAgainAsync();
        var back = await WaitUntilAsync(client, HttpStatusCode.OK, "deliveries are taken again once Redis is back, without a restart");

        Assert.That(await ReadyzAsync(client), Is.EqualTo((HttpStatusCode.ServiceUnavailable, "Healthy")), "Redis is ready again (the App check stays unready: no App key)");
        Assert.That(Occurrences(service.StandardOutput, "Redis is unreachable"), Is.EqualTo(1), $"one line per outage, not per refused delivery:\n{service.StandardOutput}");
        Assert.That(Occurrences(service.StandardOutput, "Redis is reachable again"), Is.EqualTo(1), service.StandardOutput);
        Assert.That(service.StackTraceLines, Is.Zero, "an outage is not a bug");
        await TestContext.Out.WriteLineAsync($"50 deliveries refused in {refused.Sum(r => r.Took.TotalMilliseconds):F0} ms (slowest {refused.Max(r => r.Took.TotalMilliseconds):F0} ms); taken again {back.TotalSeconds:F1} s after Redis restarted");
    }

    [Test]
    public async Task ARedis_that_hangs_instead_of_going_away_costs_a_delivery_a_second_not_the_clients_5_s()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using var service = ServiceProcess.Start(Settings(redis.Connection));
        using var client = await ConnectedClientAsync(service);

        await redis.SignalAsync("STOP");
        var hung = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            var clock = Stopwatch.StartNew();
            using var response = await client.SendAsync(WebhookSigner.Delivery("pull_request", Body, Secret));
            return (response.StatusCode, clock.Elapsed);
        }));
        var readyz = await ReadyzAsync(client);
        await redis.SignalAsync("CONT");

        Assert.That(hung.Select(h => h.StatusCode), Is.All.EqualTo(HttpStatusCode.ServiceUnavailable), service.RecentOutput);
        Assert.That(hung.Max(h => h.Elapsed), Is.LessThan(TimeSpan.FromSeconds(2)), "a claim gives up after a second");
        Assert.That(readyz, Is.EqualTo((HttpStatusCode.ServiceUnavailable, "Unhealthy")));
        await WaitUntilAsync(client, HttpStatusCode.OK, "deliveries are taken again once Redis answers");
        Assert.That(Occurrences(service.StandardOutput, "Redis is unreachable"), Is.EqualTo(1), service.StandardOutput);
    }

    /// <summary>A client of the service once it takes deliveries (its background Redis connection is up).</summary>
    private static async Task<HttpClient> ConnectedClientAsync(ServiceProcess service)
    {
        await service.WaitUntilHealthyAsync(TimeSpan.FromSeconds(30));
        var client = new HttpClient { BaseAddress = service.Url, Timeout = TimeSpan.FromSeconds(10) };
        await WaitUntilAsync(client, HttpStatusCode.OK, "Redis is connected in the background at startup");
        return client;
    }

    private static Dictionary<string, string> Settings(string redis) => new()
    {
        ["GitHub__WebhookSecret"] = Secret,
        ["ConnectionStrings__Redis"] = redis,
        ["Jobs__Workers"] = "0",
    };

    /// <summary>Sends a delivery every 100 ms until one is answered <paramref name="status"/> (at most 30 s); returns how long that took.</summary>
    private static async Task<TimeSpan> WaitUntilAsync(HttpClient client, HttpStatusCode status, string what)
    {
        var clock = Stopwatch.StartNew();
        HttpStatusCode last = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var response = await client.SendAsync(WebhookSigner.Delivery("pull_request", Body, Secret));
            if ((last = response.StatusCode) == status)
            {
                return clock.Elapsed;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"{what}: still {last} after {clock.Elapsed}");
        return clock.Elapsed;
    }

    /// <summary>/readyz's status code and its redis check's verdict.</summary>
    private static async Task<(HttpStatusCode Status, string Redis)> ReadyzAsync(HttpClient client)
    {
        using var response = await client.GetAsync("readyz");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString()!);
    }

    private static int Occurrences(string text, string what) => text.Split(what).Length - 1;
}
