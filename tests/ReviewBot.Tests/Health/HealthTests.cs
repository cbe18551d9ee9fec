using System.Net;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Health;

public class HealthTests
{
    [Test]
    public async Task Healthz_AnswersWhenTheProcessIsUp_EvenIfNotReady()
    {
        await using var app = new ReviewBotApplication();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/healthz");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Readyz_WithRedisConfiguredButUnreachable_IsNotReady_AndSaysWhy()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        await using var app = new ReviewBotApplication(new Dictionary<string, string?>
        {
            ["GitHub:AppId"] = "29310",
            ["GitHub:PrivateKey"] = TestKeys.PrivateKeyPem,
            ["ConnectionStrings:Redis"] = "127.0.0.1:1,connectTimeout=200",
        });
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/readyz");
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(body, Does.Contain("\"redis\"").And.Contain("not reachable"));
    }
}
