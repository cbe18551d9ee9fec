using Octokit;
using ReviewBot.GitHub;
using ReviewBot.Publishing;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.GitHub;

/// <summary>
/// What the real pipeline (Octokit, pacing, Polly) sends again when GitHub fails once, against the fake GitHub: reads,
/// writes marked safe to repeat, the token mint and GraphQL are retried; a create is not; rate limits are waited out for
/// any method; a permission refusal is final.
/// </summary>
public sealed class GitHubResilienceTests : FakeGitHubTest
{
    private const string Repository = "octo-org/resilience";
    private const string Sha = "ce587453ced02b1526dfb4cb910479d431683101";
    private ReviewBotApplication _app = null!;
    private IGitHubClient _client = null!;

    [SetUp]
    public void Start()
    {
        GitHub.AddPullRequest(Repository, 4, Sha, installationId: 7);
        _app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub, new Dictionary<string, string?>
        {
            ["Jobs:Workers"] = "0",
            ["GitHub:Resilience:AttemptTimeout:Timeout"] = "00:00:01",
        }));
        _ = _app.Services;
        _client = _app.Services.GetRequiredService<GitHubClientFactory>().ForInstallation(7).Client;
    }

    [TearDown]
    public async Task Stop() => await _app.DisposeAsync();

    private FaultSchedule Plan(string method, string path, FaultKind kind) => GitHub.Faults = new FaultSchedule().Plan(method, path, kind);

    private List<RecordedRequest> Sent(string method, string pathContains) =>
        GitHub.Requests.Where(r => r.FromBot && r.Method == method && r.Path.Contains(pathContains, StringComparison.Ordinal)).ToList();

    private Task<CheckRun> CreateRunAsync() => _client.Check.Run.Create("octo-org", "resilience", new NewCheckRun("ReviewBot", Sha));

    [Test]
    public async Task A_read_GitHub_fails_is_sent_again()
    {
        Plan("GET", "/pulls/4", FaultKind.BadGateway);

        var pull = await _client.PullRequest.Get("octo-org", "resilience", 4);

        Assert.That(pull.Head.Sha, Is.EqualTo(Sha));
        Assert.That(Sent("GET", "/pulls/4").Select(r => r.Status), Is.EqualTo(new[] { 502, 200 }));
    }

    [Test]
    public async Task A_stalled_read_is_given_up_after_the_attempt_timeout_and_sent_again()
    {
        Plan("GET", "/pulls/4", FaultKind.Stall);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await _client.PullRequest.Get("octo-org", "resilience", 4);

        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(8)), "the 10 s stall is not waited out");
        Assert.That(Sent("GET", "/pulls/4"), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_check_run_status_update_marked_safe_to_repeat_is_sent_again()
    {
        var run = await CreateRunAsync();
        Plan("PATCH", "/check-runs/", FaultKind.BadGateway);

        using (GitHubRequests.SafeToRepeatScope())
        {
            await _client.Check.Run.Update("octo-org", "resilience", run.Id, new CheckRunUpdate { Status = CheckStatus.InProgress });
        }

        Assert.That(Sent("PATCH", "/check-runs/").Select(r => r.Status), Is.EqualTo(new[] { 502, 200 }));
        Assert.That(GitHub.CheckRuns[run.Id].Status, Is.EqualTo("in_progress"));
    }

    [Test]
    public async Task A_write_not_marked_safe_to_repeat_is_not_sent_again()
    {
        var run = await CreateRunAsync();
        Plan("PATCH", "/check-runs/", FaultKind.BadGateway);

        var error = await Assert.ThrowsAsync<ApiException>(() => _client.Check.Run.Update("octo-org", "resilience", run.Id,
            new CheckRunUpdate { Output = new NewCheckRunOutput("t", "s") { Annotations = [new NewCheckRunAnnotation("a.cs", 1, 1, CheckAnnotationLevel.Notice, "m")] } }));

        Assert.That(error!.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.BadGateway));
        Assert.That(Sent("PATCH", "/check-runs/"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_create_is_never_sent_again_by_the_pipeline()
    {
        Plan("POST", "/check-runs", FaultKind.BadGateway);

        await Assert.ThrowsAsync<ApiException>(CreateRunAsync);

        Assert.That(Sent("POST", "/check-runs"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task The_token_mint_is_sent_again()
    {
        Plan("POST", "/access_tokens", FaultKind.BadGatewayAfterWrite);

        var token = await _app.Services.GetRequiredService<InstallationTokenProvider>().GetTokenAsync(7);

        Assert.That(GitHub.Tokens, Does.ContainKey(token.Token));
        Assert.That(Sent("POST", "/access_tokens").Select(r => r.Status), Is.EqualTo(new[] { 502, 201 }));
    }

    [Test]
    public async Task A_GraphQL_query_is_sent_again()
    {
        Plan("POST", "/graphql", FaultKind.BadGateway);

        var threads = await _app.Services.GetRequiredService<GitHubGraphQl>().ReviewThreadsAsync(_app.Services.GetRequiredService<GitHubClientFactory>().ForInstallation(7), "octo-org", "resilience", 4, CancellationToken.None);

        Assert.That(threads, Is.Empty);
        Assert.That(Sent("POST", "/graphql").Select(r => r.Status), Is.EqualTo(new[] { 502, 200 }));
    }

    [TestCase(FaultKind.TooManyRequests, 429)]
    [TestCase(FaultKind.SecondaryRateLimit, 403)]
    public async Task A_rate_limited_create_is_waited_out_and_sent_again_once(FaultKind kind, int status)
    {
        Plan("POST", "/check-runs", kind);

        await CreateRunAsync();

        Assert.That(Sent("POST", "/check-runs").Select(r => r.Status), Is.EqualTo(new[] { status, 201 }));
        Assert.That(GitHub.CheckRunsFor(Sha), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_permission_403_is_neither_waited_nor_sent_again()
    {
        Plan("POST", "/check-runs", FaultKind.PermissionRefusal);

        await Assert.ThrowsAsync<ForbiddenException>(CreateRunAsync);

        Assert.That(Sent("POST", "/check-runs"), Has.Count.EqualTo(1));
        Assert.That(_app.Logs.GetSnapshot().Select(l => l.Message), Has.None.Contains("rate limit"));
    }
}
