using System.Net;
using Microsoft.Extensions.Logging;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Jobs;

public class JobWorkerTests
{
    [Test]
    public async Task AReviewOfARepositoryTheAppCannotSee_IsLoggedAsOneLine_WithoutAStackTrace()
    {
        await using var github = await FakeGitHub.StartAsync();
        // The fake knows no pull request of Codertocat/Hello-World: every call about it is a 404.
        await using var app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(github));
        using var client = app.CreateClient();

        using var response = await client.SendAsync(WebhookSigner.Delivery("pull_request",
            File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json")), ReviewBotApplication.Secret));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var failed = await WaitForAsync(app, r => r.Id.Id == 215);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(failed.Message, Does.Contain("GitHub answered 404"));
            Assert.That(failed.Exception, Is.Null);
            Assert.That(app.Logs.GetSnapshot().Where(r => r.Exception is not null && r.Level >= LogLevel.Warning), Is.Empty);
        }
    }

    private static async Task<Microsoft.Extensions.Logging.Testing.FakeLogRecord> WaitForAsync(ReviewBotApplication app,
        Func<Microsoft.Extensions.Logging.Testing.FakeLogRecord, bool> match)
    {
        for (var i = 0; i < 500; i++)
        {
            if (app.Logs.GetSnapshot().FirstOrDefault(match) is { } record)
            {
                return record;
            }

            await Task.Delay(20);
        }

        Assert.Fail(string.Join("\n", app.Logs.GetSnapshot().Select(r => $"{r.Level} {r.Id} {r.Message}")));
        return null!;
    }
}
