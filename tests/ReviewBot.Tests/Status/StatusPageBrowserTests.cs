using System.Diagnostics;
using System.Text.RegularExpressions;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Status;

/// <summary>
/// The status page of a real service process, after a real review, in Debian's headless Chromium: the screenshot is kept
/// with the test's results, and the page as the browser built it loads nothing, from anywhere.
/// </summary>
public sealed partial class StatusPageBrowserTests : FakeGitHubTest
{
    private const string Token = "a-status-token-of-some-length";

    [Test]
    public async Task ThePage_RendersInHeadlessChromium_ListingTheReview_AndLoadsNothing()
    {
        var (repo, baseSha, headSha) = BillingRepository.Create();
        using var _ = repo;
        await using var model = await FakeModel.StartAsync();
        model.Default = _ => BillingRepository.LoopFinding();
        var pr = GitHub.AddPullRequest("Codertocat/Hello-World", 2, headSha, installationId: 1, fileCount: 1, baseSha: baseSha);
        pr.CloneUrl = repo.FileUrl.ToString();
        var folder = Directory.CreateTempSubdirectory("reviewbot-status-").FullName;
        var settings = ReviewBotApplication.WithGitHub(GitHub, model.Settings(new Dictionary<string, string?>
        {
            ["Status:Token"] = Token,
            ["GitHub:WebhookSecret"] = ReviewBotApplication.Secret,
            ["ConnectionStrings:Redis"] = "",
            ["Workspace:Root"] = Path.Combine(folder, "workspaces"),
        }));
        await using var service = ServiceProcess.Start(settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? ""));
        await service.WaitUntilHealthyAsync(TimeSpan.FromSeconds(30));
        using (var http = new HttpClient { BaseAddress = service.Url })
        {
            using var delivery = WebhookSigner.Delivery("pull_request", PullRequestWebhooks.PullRequest(pr, "opened"), ReviewBotApplication.Secret);
            using var answer = await http.SendAsync(delivery);
            await Eventually(() => GitHub.CheckRunsFor(headSha) is [{ Status: "completed" }], "the review's check run to complete", 60_000);
        }

        var page = new UriBuilder(service.Url) { UserName = "ops", Password = Token }.Uri;
        var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "status-page.png");
        var shot = await ChromiumAsync(folder, "--window-size=1280,720", $"--screenshot={screenshot}", page.AbsoluteUri);
        var dom = await ChromiumAsync(folder, "--dump-dom", page.AbsoluteUri);
        TestContext.AddTestAttachment(screenshot, "The status page in headless Chromium after one review");
        await TestContext.Progress.WriteLineAsync($"status page screenshot: {screenshot}");

        Assert.That(shot.Exit, Is.Zero, shot.Error);
        Assert.That(new FileInfo(screenshot).Length, Is.GreaterThan(10_000), "a page was drawn");
        Assert.That(dom.Output, Does.Contain("Codertocat/Hello-World#2").And.Contain(headSha[..12]).And.Contain("neutral"));
        Assert.That(Loads().Matches(dom.Output).Select(m => m.Value), Is.Empty, "no script, stylesheet, image, frame or font from anywhere");
        Assert.That(dom.Output, Does.Contain("<style>"), "its one style is inline");
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Debian's Chromium, headless, with a profile of its own; --no-sandbox because the suite runs as root.</summary>
    private static async Task<(int Exit, string Output, string Error)> ChromiumAsync(string folder, params string[] args)
    {
        var info = new ProcessStartInfo("chromium",
            ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                $"--user-data-dir={Path.Combine(folder, "chromium-" + Guid.NewGuid().ToString("N")[..8])}", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [GeneratedRegex(@"<(script|link|img|iframe|object|embed|video|audio|source)\b|\bsrc\s*=|@import|url\(", RegexOptions.IgnoreCase)]
    private static partial Regex Loads();
}
