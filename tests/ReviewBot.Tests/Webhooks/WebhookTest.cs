using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Webhooks;

/// <summary>The service in memory with no workers, so the jobs a delivery makes stay queued where a test can count them.</summary>
public abstract class WebhookTest
{
    protected ReviewBotApplication App { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    [SetUp]
    public void StartService()
    {
        App = new ReviewBotApplication(new Dictionary<string, string?>
        {
            ["Jobs:Workers"] = "0",
            ["GitHub:AppId"] = ReviewBotApplication.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Client = App.CreateClient();
    }

    [TearDown]
    public async Task StopService()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}
