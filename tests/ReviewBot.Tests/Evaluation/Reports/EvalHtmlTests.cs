using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ReviewBot.Evaluation;
using ReviewBot.Evaluation.Reports;
using static ReviewBot.Tests.Evaluation.Reports.EvalReports;

namespace ReviewBot.Tests.Evaluation.Reports;

public sealed partial class EvalHtmlTests
{
    private const string Script = "<script>alert(1)</script>";
    private const string Breakout = "\"><img src=x onerror=alert(1)>'";

    private static readonly string[] Elements =
    [
        "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "div", "b", "br", "table", "tr", "th", "td", "a",
        "figure", "figcaption", "svg", "rect", "line", "polyline", "text", "circle", "details", "summary", "ul", "li", "span", "code",
    ];

    /// <summary>Every text a benchmark or a model gives, written to break out of the page: markup, quotes, a script URL, controls, huge text.</summary>
    private static EvalReport Hostile()
    {
        var huge = new string('A', 1_000_000);
        var evil = Martian($"evil/{Breakout}", 1, ($"</style><style>body{{display:none}}</style>{Script}{huge}", $"High{Breakout}"), ("日本語のコメント 🐛", "Low")) with
        {
            Title = Script + Breakout + "\u202Egnp.exe",
            Url = "javascript:alert(document.cookie)",
        };
        var quoted = Martian("a/a", 2, ("bug", "High")) with { Title = "a \"quoted\" title", Url = "https://github.com/a/a/pull/2?x=\"><script>alert(2)</script>" };
        return Report(
            Result(evil, [new EvalCandidate($"<!-- {Script} --><iframe src=//attacker.example></iframe>{huge}", $"<b>{Breakout}</b>", 3, CandidateOrigin.Finding, $"P1{Breakout}", 0.8), Finding("日本語 🐛")], (1, 1)) with
            {
                Notes = [$"<a href=\"https://attacker.example\">{Breakout}</a>"],
            },
            Result(quoted, [Finding("bug")], (0, 0)),
            Failed(Martian("a/a", 3, ("x", "Low")), $"<meta http-equiv=refresh content=\"0;url=https://attacker.example\">{Breakout}")) with
        {
            Benchmark = Script,
            Model = Breakout,
            Judge = "</title>" + Script,
        };
    }

    [Test]
    public void HostileText_IsOnlyEverText_TheOnlyElementsAreTheReportsOwn()
    {
        var html = EvalHtml.Render(Hostile());

        Assert.That(Tags().Matches(html).Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct(), Is.SubsetOf(Elements));
        Assert.That(html, Does.Not.Contain(Script).And.Not.Contain(Breakout).And.Not.Contain("<!--"));
        Assert.That(html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;"));
        Assert.That(Regex.Count(html, "<style>"), Is.EqualTo(1));
        Assert.That(Regex.Count(html, "</style>"), Is.EqualTo(1));
        Assert.That(html, Does.Not.Contain(" style="), "no style attribute, which the policy would refuse");
    }

    [Test]
    public void OnlyHttpAddresses_BecomeLinks_Encoded()
    {
        var html = EvalHtml.Render(Hostile());

        var links = Hrefs().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.That(links, Has.All.StartWith("https://github.com/a/a/pull/"), "the javascript: address of the first case is no link");
        Assert.That(links, Has.Some.StartWith("https://github.com/a/a/pull/2?x=%22%3E%3Cscript%3E"), "the address's quote and brackets are escaped");
        Assert.That(html, Does.Not.Contain("javascript:"));
        Assert.That(html, Does.Contain("rel=\"noreferrer noopener\""));
    }

    [Test]
    public void HugeTextIsCut_OtherScriptsStayReadable_AndBidiOverridesAreBlanked()
    {
        var html = EvalHtml.Render(Hostile());

        Assert.That(html.Length, Is.LessThan(100_000), "two texts of a million characters each are cut");
        Assert.That(html, Does.Contain("AAAA…"));
        Assert.That(html, Does.Contain("日本語のコメント").And.Contain("日本語 "), "as written, not as entities");
        Assert.That(WebUtility.HtmlDecode(html), Does.Contain("日本語のコメント 🐛"), "the emoji, outside the basic plane, as a character reference");
        Assert.That(html, Does.Not.Contain("\u202E"));
    }

    [Test]
    public void TheMetaPolicy_AllowsTheOneStyleByItsHash_AndNothingElse()
    {
        var html = EvalHtml.Render(Perfect());

        var policy = Policy().Match(html).Groups[1].Value;
        var style = StyleElement().Match(html).Groups[1].Value;
        Assert.That(policy, Is.EqualTo(EvalHtml.ContentSecurityPolicy));
        Assert.That(policy, Does.StartWith("default-src 'none'; style-src 'sha256-").And.Not.Contain("unsafe"));
        Assert.That(policy, Does.Contain($"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)))}'"));
    }

    [Test]
    public void ThePage_HasAChartPerRepository_AndARowPerPullRequest_WithItsNumbers()
    {
        var report = EvalTableTests.Mixed();
        var scores = EvalScores.From(report);

        var html = EvalHtml.Render(report);

        Assert.That(Regex.Count(html, "<svg class=\"pr-chart\""), Is.EqualTo(scores.Repositories.Count + 1));
        Assert.That(Regex.Count(html, "<tr class=\"case\">"), Is.EqualTo(report.Cases.Count));
        Assert.That(html, Does.Contain($"<b id=\"f1\">{scores.Overall.F1:0.00}</b>"));
        Assert.That(html, Does.Contain("clean: 1 finding(s)").And.Contain("failed, in no score: git fetch failed"));
        Assert.That(html, Does.Contain("<span class=\"tag\">not judged · High</span>"), "a failed case's golden comment was not missed: it was never judged");
        Assert.That(html, Does.Contain("<span class=\"tag\">unmatched · P3 0.55</span>"));
    }

    [Test]
    public void ARunWithNothingScored_SaysSo_InsteadOfAnEmptyChart()
    {
        var html = EvalHtml.Render(Report(Failed(Martian("a/a", 1, ("x", "High")), "boom")));

        Assert.That(html, Does.Contain("No pull request was scored.").And.Not.Contain("<svg"));
    }

    [GeneratedRegex(@"<([a-zA-Z][a-zA-Z0-9-]*)")]
    private static partial Regex Tags();

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex Hrefs();

    [GeneratedRegex("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">")]
    private static partial Regex Policy();

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();
}
