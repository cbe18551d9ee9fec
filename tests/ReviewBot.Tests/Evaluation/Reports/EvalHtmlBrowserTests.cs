using System.Text.RegularExpressions;
using ReviewBot.Evaluation;
using ReviewBot.Evaluation.Reports;
using static ReviewBot.Tests.Evaluation.Reports.EvalReports;

namespace ReviewBot.Tests.Evaluation.Reports;

/// <summary>
/// The HTML report of a run in Debian's headless Chromium: the screenshot is kept with the test's results; the page as
/// the browser built it has a chart per repository with the pooled F1, its style passed its own policy, and it tried
/// to load nothing.
/// </summary>
public sealed partial class EvalHtmlBrowserTests
{
    [Test]
    public async Task TheReport_RendersInHeadlessChromium_WithAChartPerRepository_AndLoadsNothing()
    {
        HeadlessChromium.Require();
        var report = Run();
        var scores = EvalScores.From(report);
        var folder = Directory.CreateTempSubdirectory("reviewbot-eval-html-").FullName;
        var page = Path.Combine(folder, "report.html");
        await File.WriteAllTextAsync(page, EvalHtml.Render(report));
        var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "eval-report.png");
        using var chromium = new HeadlessChromium();

        var shot = await chromium.ScreenshotAsync(page, screenshot, 1280, 2400);
        var dom = await chromium.DumpDomAsync(page);
        TestContext.AddTestAttachment(screenshot, "The eval HTML report in headless Chromium");
        await TestContext.Progress.WriteLineAsync($"eval report screenshot: {screenshot}");

        Assert.That(shot.Exit, Is.Zero, shot.Log);
        Assert.That(new FileInfo(screenshot).Length, Is.GreaterThan(20_000), "a page was drawn");
        var pixels = PngPixels.Read(await File.ReadAllBytesAsync(screenshot));
        Assert.That((pixels.Width, pixels.Height), Is.EqualTo((1280, 2400)));
        Assert.That(pixels.Count(0xcf, 0x22, 0x2e), Is.GreaterThan(60 * (scores.Repositories.Count + 1)), "each chart's pooled dot is drawn in its red");
        Assert.That(Charts().Count(dom.Output), Is.EqualTo(scores.Repositories.Count + 1), "one chart per repository and one of them all");
        Assert.That(Regex.Count(dom.Output, "<circle class=\"point\""), Is.EqualTo(scores.Scored + scores.Repositories.Count), "a dot per scored PR, and per repository");
        Assert.That(dom.Output, Does.Contain($"<b id=\"f1\">{scores.Overall.F1:0.00}</b>").And.Contain($">F1 {scores.Repositories[0].Score.F1:0.00}</text>"));
        Assert.That(dom.Output, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;"), "the hostile title is text");
        Assert.That(Loads().Matches(dom.Output).Select(m => m.Value), Is.Empty, "no script, stylesheet, image, frame or font from anywhere");
        Assert.That(dom.Log, Does.Not.Contain("Content Security Policy"), "the style passed the page's policy, and nothing was refused");
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Three repositories, golden comments as the Martian benchmark writes them (grafana's from its golden_comments), a clean PR and a failure.</summary>
    private static EvalReport Run()
    {
        var mixed = EvalTableTests.Mixed();
        return mixed with
        {
            Benchmark = "martian (golden_comments, 5 repositories)",
            Cases =
            [
                .. mixed.Cases,
                Result(Martian("keycloak/keycloak", 3, ("Missing null check on the realm", "High"), ("Log level too high", "Low")) with { Title = "<script>alert(1)</script> Realm: cache" },
                    [Finding("realm can be null here", "P1", 0.9), Finding("unrelated", "P2", 0.6), Finding("also unrelated", "P3", 0.5)], (0, 0)),
                Result(Martian("keycloak/keycloak", 4, ("Wrong comparison operator", "Critical")), [Finding("the operator is inverted", "P0", 0.97)], (0, 0)),
            ],
        };
    }

    [GeneratedRegex("<svg class=\"pr-chart\"")]
    private static partial Regex Charts();

    [GeneratedRegex(@"<(script|link|img|iframe|object|embed|video|audio|source)\b|\bsrc\s*=|@import|url\(", RegexOptions.IgnoreCase)]
    private static partial Regex Loads();
}
