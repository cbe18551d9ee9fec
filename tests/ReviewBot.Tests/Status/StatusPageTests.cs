using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ReviewBot.Status;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Status;

public sealed class StatusPageTests : FakeGitHubTest
{
    private const string Token = "a-status-token-of-some-length";

    [Test]
    public async Task WithoutATokenSet_ThereIsNoPage()
    {
        await using var app = new ReviewBotApplication();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task ThePage_OpensWithItsTokenOnly_AsABasicPasswordOrABearer()
    {
        await using var app = new ReviewBotApplication(new Dictionary<string, string?> { ["Status:Token"] = Token });
        using var client = app.CreateClient();

        using var none = await client.GetAsync("/");
        using var wrong = await Get(client, new AuthenticationHeaderValue("Basic", Basic("ops", Token + "x")));
        using var garbage = await Get(client, new AuthenticationHeaderValue("Basic", "%%%not base64"));
        using var basic = await Get(client, new AuthenticationHeaderValue("Basic", Basic("anyone", Token)));
        using var bearer = await Get(client, new AuthenticationHeaderValue("Bearer", Token));

        Assert.That(none.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(none.Headers.WwwAuthenticate.ToString(), Does.StartWith("Basic realm="));
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(garbage.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(basic.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(bearer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(basic.Headers.GetValues("Content-Security-Policy").Single(), Does.StartWith("default-src 'none'; style-src 'sha256-"));
        Assert.That(basic.Headers.CacheControl!.NoStore, Is.True);
    }

    [Test]
    public void AShortToken_IsRefusedAtStartup()
    {
        using var app = new ReviewBotApplication(new Dictionary<string, string?> { ["Status:Token"] = "short" });

        var error = Assert.Catch(() => app.CreateClient());

        Assert.That(error!.ToString(), Does.Contain("Token"));
    }

    [Test]
    public async Task AfterAReview_ThePageListsIt_WithItsFindingsALinkToThePullRequest_AndItsBudget()
    {
        var (repo, baseSha, headSha) = BillingRepository.Create();
        using var _ = repo;
        await using var model = await FakeModel.StartAsync();
        model.Default = _ => BillingRepository.LoopFinding();
        var pr = GitHub.AddPullRequest("Codertocat/Hello-World", 2, headSha, installationId: 1, fileCount: 1, baseSha: baseSha);
        pr.CloneUrl = repo.FileUrl.ToString();
        await using var app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub, model.Settings(new Dictionary<string, string?>
        {
            ["Status:Token"] = Token,
            ["Spend:RepositoryTokensPerDay"] = "1000000",
            ["Workspace:Root"] = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "status-" + Guid.NewGuid().ToString("N")[..8]),
        })));
        using var client = app.CreateClient();

        await client.SendAsync(WebhookSigner.Delivery("pull_request", PullRequestWebhooks.PullRequest(pr, "opened"), ReviewBotApplication.Secret));
        await Eventually(() => app.Services.GetRequiredService<RecentWork>().Newest().Count == 1, "the review to be noted", 30_000);
        using var page = await Get(client, new AuthenticationHeaderValue("Bearer", Token));
        var html = await page.Content.ReadAsStringAsync();

        var record = app.Services.GetRequiredService<RecentWork>().Newest().Single();
        Assert.That(record.Findings, Is.EqualTo(1));
        Assert.That(record.Tokens, Is.GreaterThan(0), "the scripted model reports its usage");
        Assert.That(record.Outcome, Is.EqualTo("neutral"));
        Assert.That(html, Does.Contain($"<a href=\"{GitHub.BaseUrl}Codertocat/Hello-World/pull/2\">Codertocat/Hello-World#2</a>"), "the pull request's page on the GitHub the bot talks to");
        Assert.That(html, Does.Contain($"<code>{headSha[..12]}</code>"));
        Assert.That(html, Does.Contain("github-app").And.Contain("Queue: 0 waiting"));
        Assert.That(html, Does.Contain($"<td>Codertocat/Hello-World, per day</td><td class=\"n\">{record.Tokens:N0}</td><td class=\"n\">1,000,000</td>"),
            "the repository's budget, spent by this review's tokens");
    }

    [Test]
    public void WhatComesFromOutside_IsEncoded()
    {
        var view = new StatusView("host", "1.0.0", TimeSpan.FromMinutes(3), DateTimeOffset.UnixEpoch,
            new HealthReport(new Dictionary<string, HealthReportEntry>(), TimeSpan.Zero), "",
            [], [new WorkRecord(DateTimeOffset.UnixEpoch, "review", "acme/<script>alert(1)</script>", 1, "abc", 0, 0, TimeSpan.Zero, "\"><img src=x onerror=alert(1)>", new Uri("https://github.com/acme/x/pull/1"))],
            [], HasLimits: false)
        {
            Feedback = [new ReviewBot.Feedback.FeedbackStanding("acme/<script>x</script>", 1, 2, 3)],
        };

        var html = StatusPage.Render(view);

        Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("<img"));
        Assert.That(html, Does.Contain("<tr><td>acme/&lt;script&gt;x&lt;/script&gt;</td><td class=\"n\">1</td><td class=\"n\">2</td><td class=\"n\">3</td></tr>"));
        Assert.That(html, Does.Contain("&lt;script&gt;"));
    }

    [Test]
    public void TheNewestFirst_AndOnlyAsManyAsSet_AreKept()
    {
        var recent = new RecentWork(Options.Create(new StatusOptions { RecentEntries = 3 }));
        for (var i = 1; i <= 5; i++)
        {
            recent.Record(new WorkRecord(DateTimeOffset.UnixEpoch, "review", "acme/x", i, "abc", 0, 0, TimeSpan.Zero, "success", null));
        }

        Assert.That(recent.Newest().Select(r => r.Number), Is.EqualTo(new[] { 5, 4, 3 }));
    }

    private static async Task<HttpResponseMessage> Get(HttpClient client, AuthenticationHeaderValue authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Authorization = authorization;
        return await client.SendAsync(request);
    }

    private static string Basic(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
}
