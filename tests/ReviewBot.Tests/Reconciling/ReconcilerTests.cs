using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReviewBot.Reconciling;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Reconciling;

/// <summary>
/// The reconciler as the service runs it, every period: GitHub failing or the App missing ends a pass with one line
/// and the next period works; off means no call at all.
/// </summary>
public sealed class ReconcilerTests : FakeGitHubTest
{
    private const string Sha = "1111111111111111111111111111111111111111";

    private static ReviewBotApplication App(IDictionary<string, string?> settings) => new(new Dictionary<string, string?>(settings)
    {
        ["Jobs:Workers"] = "0",
        ["Reconciler:Interval"] = "00:00:01",
        // GitHub's stall of 10 s is given up after 0.2 s a try.
        ["GitHub:Resilience:AttemptTimeout:Timeout"] = "00:00:00.200",
    });

    private static IEnumerable<Microsoft.Extensions.Logging.Testing.FakeLogRecord> Lines(ReviewBotApplication app, string text) =>
        app.Logs.GetSnapshot().Where(r => r.Message.Contains(text, StringComparison.Ordinal));

    [TestCase(FaultKind.BadGateway)]
    [TestCase(FaultKind.Stall)]
    [CancelAfter(30_000)]
    public async Task GitHub_failing_the_listing_ends_the_pass_with_one_line_and_the_next_period_queues_the_review(FaultKind fault)
    {
        GitHub.AddPullRequest("acme/lost", 4, Sha, installationId: 7);
        GitHub.Faults = new FaultSchedule { Stall = TimeSpan.FromSeconds(10) }.Always("GET", "/app/installations", fault);
        await using var app = App(ReviewBotApplication.WithGitHub(GitHub));
        using var client = app.CreateClient();

        await Eventually(() => Lines(app, "Reconciling stopped this period").Any(), "the failed pass to be logged", 20_000);
        GitHub.Faults = null;
        await Eventually(() => app.Queue.Pending.Any(j => j.Review?.HeadSha == Sha), "the next period to queue the review", 20_000);

        using var health = await client.GetAsync("/healthz");
        var failed = Lines(app, "Reconciling stopped this period").First();
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(failed.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(failed.Exception, Is.Null, "an outage is one line, without a stack trace");
        Assert.That(Lines(app, "Background loop Reconciler failed"), Is.Empty, "the loop itself never failed");
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Without_the_App_configured_each_period_is_skipped_quietly_and_the_service_keeps_answering()
    {
        await using var app = App(new Dictionary<string, string?>());
        using var client = app.CreateClient();

        await Eventually(() => Lines(app, "the GitHub App is not configured").Count() >= 2, "two periods skipped");

        using var health = await client.GetAsync("/healthz");
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Lines(app, "the GitHub App is not configured").Select(r => r.Level).Distinct(), Is.EqualTo(new[] { LogLevel.Debug }));
        Assert.That(app.Logs.GetSnapshot().Where(r => r.Exception is not null), Is.Empty);
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Off_it_makes_no_call_at_all()
    {
        GitHub.AddPullRequest("acme/lost", 4, Sha, installationId: 7);
        await using var app = App(ReviewBotApplication.WithGitHub(GitHub, new Dictionary<string, string?> { ["Reconciler:Enabled"] = "false" }));
        using var client = app.CreateClient();

        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.That(GitHub.Requests.Where(r => r.Path.StartsWith("/app/installations", StringComparison.Ordinal) || r.Path.StartsWith("/installation", StringComparison.Ordinal)), Is.Empty);
        Assert.That(app.Queue.Pending, Is.Empty);
        Assert.That(Lines(app, "The reconciler is off").Count(), Is.EqualTo(1));
    }

    [TestCase("Reconciler:Interval", "00:00:00")]
    [TestCase("Reconciler:Interval", "2.00:00:00")]
    [TestCase("Reconciler:StaleAfter", "15.00:00:00")]
    [TestCase("Reconciler:MaxCallsPerRun", "9")]
    public void A_setting_out_of_range_is_refused_naming_it(string key, string value)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        builder.AddReconciler();
        using var services = builder.Services.BuildServiceProvider();

        Assert.That(() => services.GetRequiredService<IOptions<ReconcilerOptions>>().Value,
            Throws.TypeOf<OptionsValidationException>().With.Message.Contains(key.Split(':')[1]));
    }
}
