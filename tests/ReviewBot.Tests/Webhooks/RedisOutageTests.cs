using System.Net;
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
}
