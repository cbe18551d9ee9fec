using System.Net;
using Microsoft.Extensions.Caching.Distributed;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Webhooks;

namespace ReviewBot.Tests.Health;

/// <summary>With <c>ConnectionStrings:Redis</c> set, readiness, delivery de-duplication and the token cache live in Redis.</summary>
public class RedisIntegrationTests
{
    private ReviewBotApplication? _app;

    private ReviewBotApplication App => _app!;

    [SetUp]
    public void SetUp() => _app = new ReviewBotApplication(new Dictionary<string, string?>
    {
        ["GitHub:AppId"] = "29310",
        ["GitHub:PrivateKey"] = TestKeys.PrivateKeyPem,
        ["ConnectionStrings:Redis"] = RedisTestServer.Connection(),
        ["Jobs:Workers"] = "0",
    });

    [TearDown]
    public async Task TearDown()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Test]
    public async Task Readyz_IsReady_WhenRedisAnswers()
    {
        using var client = await App.CreateConnectedClientAsync();

        using var response = await client.GetAsync("/readyz");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Redis answered"));
    }

    [Test]
    public async Task Redelivery_OfAFinishedJob_IsADuplicate_AndOfAnUnfinishedOne_RunsIt()
    {
        var redis = RedisTestServer.FreshDatabase();
        await using var app = new ReviewBotApplication(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis, ["Jobs:Workers"] = "0" });
        using var client = await app.CreateConnectedClientAsync();
        using var look = RedisTestServer.Open(redis);
        var body = File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json"));
        var finished = Guid.NewGuid().ToString();
        var lost = Guid.NewGuid().ToString();
        await look.GetDatabase().StringSetAsync($"reviewbot:job:{finished}", "done");
        // Seen but lost: the id was claimed and its job never reached the stream (how a crash between the two once lost it).
        await look.GetDatabase().StringSetAsync($"reviewbot:delivery:{lost}", "1");

        using var done = await client.SendAsync(WebhookSigner.Delivery("pull_request", body, ReviewBotApplication.Secret, finished));
        using var rerun = await client.SendAsync(WebhookSigner.Delivery("pull_request", body, ReviewBotApplication.Secret, lost));

        Assert.That(done.Headers.GetValues(WebhookIngestProcessor.OutcomeHeader).Single(), Is.EqualTo("duplicate delivery"));
        Assert.That(rerun.Headers.GetValues(WebhookIngestProcessor.OutcomeHeader).Single(), Does.StartWith("queued review"));
        Assert.That(await look.GetDatabase().StringGetAsync($"reviewbot:job:{lost}"), Is.EqualTo((StackExchange.Redis.RedisValue)"queued"));
    }

    [Test]
    public async Task Redelivery_ToAnotherInstance_QueuesNothing()
    {
        var redis = RedisTestServer.FreshDatabase();
        await using var app = new ReviewBotApplication(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis, ["Jobs:Workers"] = "0" });
        await using var other = new ReviewBotApplication(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = redis, ["Jobs:Workers"] = "0" });
        using var a = await app.CreateConnectedClientAsync();
        using var b = await other.CreateConnectedClientAsync();
        var body = File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json"));
        var delivery = Guid.NewGuid().ToString();

        using var first = await a.SendAsync(WebhookSigner.Delivery("pull_request", body, ReviewBotApplication.Secret, delivery));
        using var second = await b.SendAsync(WebhookSigner.Delivery("pull_request", body, ReviewBotApplication.Secret, delivery));

        using var look = RedisTestServer.Open(redis);
        Assert.That(await look.GetDatabase().StreamLengthAsync("reviewbot:jobs"), Is.EqualTo(1), "one job in the shared stream");
        Assert.That(second.Headers.GetValues(WebhookIngestProcessor.OutcomeHeader).Single(), Does.StartWith("coalesced"));
    }

    [Test]
    public async Task DistributedCache_IsRedis_AndSharedBetweenInstances()
    {
        await using var other = new ReviewBotApplication(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = RedisTestServer.Connection() });
        _ = await App.CreateConnectedClientAsync();
        _ = await other.CreateConnectedClientAsync();
        var key = $"test:{Guid.NewGuid():N}";

        await App.Services.GetRequiredService<IDistributedCache>().SetStringAsync(key, "shared");
        var read = await other.Services.GetRequiredService<IDistributedCache>().GetStringAsync(key);

        Assert.That(read, Is.EqualTo("shared"));
    }
}
