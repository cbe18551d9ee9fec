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
    public async Task DeliveryLog_InRedis_ClaimsADeliveryOnce_AcrossInstances()
    {
        await using var other = new ReviewBotApplication(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = RedisTestServer.Connection() });
        _ = await App.CreateConnectedClientAsync();
        _ = await other.CreateConnectedClientAsync();
        var id = Guid.NewGuid().ToString();

        var first = await App.Services.GetRequiredService<IDeliveryLog>().TryClaimAsync(id);
        var second = await other.Services.GetRequiredService<IDeliveryLog>().TryClaimAsync(id);

        Assert.That(App.Services.GetRequiredService<IDeliveryLog>(), Is.TypeOf<RedisDeliveryLog>());
        Assert.That((first, second), Is.EqualTo((true, false)));
    }

    [Test]
    public async Task Redelivery_ToAnotherInstance_QueuesNothing()
    {
        await using var other = new ReviewBotApplication(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = RedisTestServer.Connection(),
            ["Jobs:Workers"] = "0",
        });
        using var a = await App.CreateConnectedClientAsync();
        using var b = await other.CreateConnectedClientAsync();
        var body = File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json"));
        var delivery = Guid.NewGuid().ToString();

        using var first = await a.SendAsync(WebhookSigner.Delivery("pull_request", body, ReviewBotApplication.Secret, delivery));
        using var second = await b.SendAsync(WebhookSigner.Delivery("pull_request", body, ReviewBotApplication.Secret, delivery));

        Assert.That(App.Queue.Pending.Count + other.Queue.Pending.Count, Is.EqualTo(1));
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
