using System.Net;
using Microsoft.Extensions.Logging;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Webhooks;

namespace ReviewBot.Tests.Webhooks;

public class WebhookSummaryTests
{
    [Test]
    public async Task Deliveries_AreLoggedAsOneLineOfCounts_NotALineEach()
    {
        await using var app = new ReviewBotApplication(new Dictionary<string, string?>
        {
            ["Jobs:Workers"] = "0",
            ["Webhooks:SummaryInterval"] = "00:00:00.200",
        });
        using var client = app.CreateClient();
        var opened = File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json"));
        var ping = File.ReadAllBytes(TestResources.Webhook("ping", "event.1.payload.json"));
        var id = Guid.NewGuid().ToString();

        var statuses = new List<HttpStatusCode>();
        foreach (var delivery in new[]
        {
            WebhookSigner.Delivery("pull_request", opened, ReviewBotApplication.Secret, id),
            WebhookSigner.Delivery("pull_request", opened, ReviewBotApplication.Secret, id),
            WebhookSigner.Delivery("pull_request", opened, ReviewBotApplication.Secret),
            WebhookSigner.Delivery("ping", ping, ReviewBotApplication.Secret),
            WebhookSigner.Delivery("pull_request", opened, "not the secret"),
        })
        {
            using var response = await client.SendAsync(delivery);
            statuses.Add(response.StatusCode);
        }

        var summary = await SummaryAsync(app);

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest }));
        Assert.That(summary.Message, Does.Contain("Webhooks: 5 deliveries in").And.Contain(": 1 queued a job, 1 coalesced into a queued one, 1 duplicates, 1 ignored, 1 rejected (4xx), 0 refused (503), 0 failed (other)"));
        Assert.That(summary.Level, Is.EqualTo(LogLevel.Information));
        Assert.That(app.Logs.GetSnapshot().Where(r => r.Category == typeof(WebhookIngestProcessor).FullName && r.Level >= LogLevel.Information).Select(r => r.Message),
            Is.Empty, "a delivery that went well writes no line of its own above Debug");
    }

    [Test]
    public async Task AnIntervalWithoutDeliveries_LogsNothing()
    {
        await using var app = new ReviewBotApplication(new Dictionary<string, string?> { ["Webhooks:SummaryInterval"] = "00:00:00.100" });
        using var client = app.CreateClient();

        await Task.Delay(500);

        Assert.That(app.Logs.GetSnapshot().Where(r => r.Id.Id == 321), Is.Empty);
    }

    private static async Task<Microsoft.Extensions.Logging.Testing.FakeLogRecord> SummaryAsync(ReviewBotApplication app)
    {
        for (var waited = 0; waited < 5000; waited += 50)
        {
            if (app.Logs.GetSnapshot().FirstOrDefault(r => r.Id.Id == 321) is { } record)
            {
                return record;
            }

            await Task.Delay(50);
        }

        Assert.Fail("no summary within 5 s");
        return null!;
    }
}
