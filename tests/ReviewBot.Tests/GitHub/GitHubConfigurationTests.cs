using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ReviewBot.GitHub;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.GitHub;

/// <summary>Startup checks the GitHub settings and says what to fix; secrets never reach a log line.</summary>
public class GitHubConfigurationTests
{
    [Test]
    public async Task AllowUnsignedWebhooks_Starts_WithALoudWarning_AndAcceptsUnsignedDeliveries()
    {
        await using var app = new ReviewBotApplication(new Dictionary<string, string?>
        {
            ["GitHub:WebhookSecret"] = "",
            ["GitHub:AllowUnsignedWebhooks"] = "true",
            ["Jobs:Workers"] = "0",
        });
        using var client = app.CreateClient();

        using var response = await client.SendAsync(WebhookSigner.Delivery("pull_request",
            File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json")), secret: null));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(app.Queue.Pending, Has.Count.EqualTo(1));
        Assert.That(app.Logs.GetSnapshot().Select(r => r.Message), Has.Some.Contains("WEBHOOK SIGNATURES ARE NOT CHECKED"));
    }

    [Test]
    public async Task MissingAppCredentials_Starts_SaysSo_AndIsNotReady()
    {
        await using var app = new ReviewBotApplication();
        using var client = app.CreateClient();

        using var ready = await client.GetAsync("/readyz");
        var body = await ready.Content.ReadAsStringAsync();

        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(body, Does.Contain("GitHub:AppId"));
        Assert.That(app.Logs.GetSnapshot().Select(r => r.Message), Has.Some.Contains("cannot talk to GitHub"));
    }

    [Test]
    public async Task MissingAppCredentials_ADelivery_LogsAtMostOneLine_WithoutAStackTrace()
    {
        await using var app = new ReviewBotApplication();
        using var client = app.CreateClient();
        var before = app.Logs.GetSnapshot().Count;

        using var response = await client.SendAsync(WebhookSigner.Delivery("pull_request",
            File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json")), ReviewBotApplication.Secret));
        await WaitUntilIdleAsync(app);

        var problems = app.Logs.GetSnapshot().Skip(before).Where(r => r.Level >= LogLevel.Warning).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(problems, Has.Count.LessThanOrEqualTo(1), string.Join("\n", problems.Select(p => p.Message)));
            Assert.That(problems.Select(p => p.Exception), Is.All.Null, "no stack trace: the missing setting is said at start");
            Assert.That(problems.Select(p => p.Message), Is.All.Contains("GitHub:AppId"));
        }
    }

    /// <summary>Until the job has failed and the announcer has given up on the queued check run: both have had their say.</summary>
    private static async Task WaitUntilIdleAsync(ReviewBotApplication app)
    {
        bool From(string category) => app.Logs.GetSnapshot().Any(r => r.Category?.EndsWith(category, StringComparison.Ordinal) == true);
        for (var i = 0; i < 200 && !(From(".JobWorker") && From(".CheckRunAnnouncer")); i++)
        {
            await Task.Delay(25);
        }
        Assert.That(From(".JobWorker") && From(".CheckRunAnnouncer"), Is.True, "the job ran and the announcer tried");
    }

    [Test]
    public async Task PrivateKeyFromAFile_MakesTheServiceReady_AndTheKeyIsNeverLogged()
    {
        var path = Path.Combine(Path.GetTempPath(), $"reviewbot-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(path, TestKeys.PrivateKeyPem);
        try
        {
            await using var app = new ReviewBotApplication(new Dictionary<string, string?>
            {
                ["GitHub:AppId"] = "29310",
                ["GitHub:PrivateKeyPath"] = path,
            });
            using var client = app.CreateClient();

            using var ready = await client.GetAsync("/readyz");

            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), await ready.Content.ReadAsStringAsync());
            AssertNoSecretIn(app);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task PrivateKeyFromAnEnvironmentStyleValue_WithEscapedNewlines_IsAccepted()
    {
        await using var app = new ReviewBotApplication(new Dictionary<string, string?>
        {
            ["GitHub:AppId"] = "29310",
            ["GitHub:PrivateKey"] = TestKeys.PrivateKeyPem.Replace("\n", "\\n", StringComparison.Ordinal),
        });
        using var client = app.CreateClient();

        using var ready = await client.GetAsync("/readyz");

        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        AssertNoSecretIn(app);
    }

    [TestCase("GitHub:WebhookSecret", "", "GitHub__WebhookSecret")]
    [TestCase("GitHub:PrivateKeyPath", "/nonexistent/key.pem", "does not exist")]
    [TestCase("GitHub:PrivateKey", "-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----", "is not a PEM RSA private key")]
    [TestCase("GitHub:ApiBaseUrl", "ftp://example.com/", "GitHub:ApiBaseUrl must be an absolute http(s) URL")]
    [TestCase("GitHub:AppId", "-3", "GitHub:AppId must be a positive number")]
    public void UnusableSetting_FailsValidation_WithAMessageThatNamesIt(string key, string value, string message)
    {
        var options = new GitHubOptions { WebhookSecret = "s" };
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build()
            .GetSection("GitHub").Bind(options);

        var result = new GitHubOptionsValidator().Validate(null, options);

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain(message));
        Assert.That(result.FailureMessage, Does.Not.Contain("not a key"), "the key's text must not be echoed");
    }

    private static void AssertNoSecretIn(ReviewBotApplication app)
    {
        var keyBody = TestKeys.PrivateKeyPem.Split('\n')[1];
        Assert.That(app.Logs.GetSnapshot().Select(r => r.Message + r.Exception), Has.None.Contains(keyBody));
        Assert.That(app.Logs.GetSnapshot().Select(r => r.Message), Has.None.Contains(ReviewBotApplication.Secret));
    }
}
