using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ReviewBot.Spending;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Spending;

/// <summary>
/// The real service on the fake GitHub with the scripted model, its spend limits on a clock the test moves. Each pull
/// request gets a commit of its own on one local repository, so every review has its own head and check run.
/// </summary>
public abstract class SpendTest : FakeGitHubTest
{
    protected const string Repository = "Codertocat/Hello-World";

    /// <summary>One scripted review answer costs this much: 1,200 prompt plus 150 completion tokens (FakeModelReply's default).</summary>
    protected const long ReviewTokens = 1_350;

    private int _next = 2;

    protected TestRepository Repo { get; private set; } = null!;

    protected string BaseSha { get; private set; } = null!;

    protected FakeModel Model { get; private set; } = null!;

    /// <summary>Starts each test at 2026-12-02 23:30 UTC (NUnit shares the fixture between tests, so it is made per test).</summary>
    protected FakeTimeProvider Clock { get; private set; } = null!;

    [SetUp]
    public async Task StartModelAndRepository()
    {
        (Repo, BaseSha, _) = BillingRepository.Create();
        Clock = new(DateTimeOffset.Parse("2026-12-02T23:30:00Z", System.Globalization.CultureInfo.InvariantCulture));
        Model = await FakeModel.StartAsync();
    }

    [TearDown]
    public async Task StopModelAndRepository()
    {
        await Model.DisposeAsync();
        Repo.Dispose();
    }

    /// <summary>The service with these Spend settings (and any others); its spend limits read <see cref="Clock"/>.</summary>
    protected ReviewBotApplication App(IDictionary<string, string?> settings, string? redis = null)
    {
        var all = new Dictionary<string, string?>(settings)
        {
            ["Workspace:Root"] = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "spend-" + Guid.NewGuid().ToString("N")[..8]),
        };
        if (redis is not null)
        {
            all["ConnectionStrings:Redis"] = redis;
        }
        return new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub, Model.Settings(all)))
        {
            Replace = services =>
            {
                if (redis is null)
                {
                    services.AddSingleton<ISpendLedger>(new MemorySpendLedger(Clock));
                }
                services.AddSingleton(s => new SpendLimits(s.GetRequiredService<ISpendLedger>(), s.GetRequiredService<IOptions<SpendOptions>>(), Clock,
                    s.GetRequiredService<ILogger<SpendLimits>>()));
            },
        };
    }

    /// <summary>A new pull request on a new commit, announced by its opened webhook; not waited for.</summary>
    protected async Task<FakePullRequest> OpenAsync(HttpClient client, string repository = Repository, long installationId = 1)
    {
        var number = _next++;
        var head = Repo.Write($"notes/{number}.md", $"Note {number}\n").Commit($"Add note {number}");
        var pr = GitHub.AddPullRequest(repository, number, head, installationId, fileCount: 1, baseSha: BaseSha);
        pr.CloneUrl = Repo.FileUrl.ToString();
        GitHub.InstallationsByRepository[repository] = installationId;
        var payload = JsonNode.Parse(PullRequestWebhooks.PullRequest(pr, "opened"))!;
        payload["installation"]!["id"] = installationId;
        using var response = await client.SendAsync(WebhookSigner.Delivery("pull_request", payload.ToJsonString(), ReviewBotApplication.Secret));
        Assert.That(response.IsSuccessStatusCode, Is.True, $"the webhook of #{number} was refused: {response.StatusCode}");
        return pr;
    }

    /// <summary>Opens a pull request and waits for its check run to complete.</summary>
    protected async Task<FakeCheckRun> ReviewAsync(HttpClient client, string repository = Repository, long installationId = 1)
    {
        var pr = await OpenAsync(client, repository, installationId);
        return await CompletedAsync(pr);
    }

    protected async Task<FakeCheckRun> CompletedAsync(FakePullRequest pr)
    {
        await Eventually(() => GitHub.CheckRunsFor(pr.HeadSha) is [{ Status: "completed" }], $"the check run of #{pr.Number} to complete", 30_000);
        return GitHub.CheckRunsFor(pr.HeadSha).Single();
    }

    protected static string Title(FakeCheckRun run) => run.Output!["title"]!.GetValue<string>();

    protected static string Summary(FakeCheckRun run) => run.Output!["summary"]!.GetValue<string>();

    protected void At(string utc) => Clock.SetUtcNow(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));
}
