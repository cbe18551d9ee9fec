using ReviewBot.Evaluation;
using ReviewBot.Evaluation.Reports;
using static ReviewBot.Tests.Evaluation.Reports.EvalReports;

namespace ReviewBot.Tests.Evaluation.Reports;

public sealed class EvalTableTests
{
    /// <summary>A run with a bit of everything: scored PRs in two repositories, a clean PR, a failure, prices.</summary>
    internal static EvalReport Mixed()
    {
        var perfect = Perfect();
        return perfect with
        {
            Cases =
            [
                .. perfect.Cases,
                Result(Martian("grafana/grafana", 103633, ("Cached denials are ignored", "High"), ("Test comment is wrong", "Low")),
                    [Finding("cache trusts grants only", "P1", 0.85), Finding("style nit", "P3", 0.55), Summary("the test's comment contradicts its map")], (0, 0), (1, 2)) with
                {
                    Fabricated = 1,
                    Tokens = new EvalTokens(52_000, 30_000, 1_800, 9_000, 400),
                },
                Result(Clean("acme/shop", "0123456789ab"), [Finding("a needless worry", "P2", 0.6)]),
                Failed(Martian("getsentry/sentry", 2, ("never judged", "High")), "git fetch failed: repository not found"),
            ],
            Prices = new EvalPrices(1.25m, 0.125m, 10m, 3m, 15m),
        };
    }

    [Test]
    public void TheTable_HasEverySection_WithTheScoresAsComputed()
    {
        var scores = EvalScores.From(Mixed());

        var table = EvalTable.Render(scores);
        TestContext.Out.WriteLine(table);

        Assert.That(table, Does.Contain("ReviewBot eval of martian: model review-model, judge judge-model, finished 2026-12-02 14:00 UTC"));
        Assert.That(table, Does.Contain("3 PR(s) scored, 1 clean, 1 failed"));
        Assert.That(Line(table, "pooled over PRs (micro)"), Does.Contain($"{scores.Overall.Precision:0.00}").And.Contain($"{scores.Overall.F1:0.00}").And.Contain("5/5"));
        Assert.That(Line(table, "mean per PR (macro)"), Does.Contain($"{scores.Macro.Precision:0.00}"));
        Assert.That(Line(table, "grafana/grafana"), Does.Contain(" 2 ").And.Contain("4/4"));
        Assert.That(Line(table, "High "), Does.Contain("2").And.Contain("1.00"));
        Assert.That(Line(table, "[0.5, 0.6)"), Does.EndWith("0.00"), "the style nit matched nothing");
        Assert.That(Line(table, "summary "), Does.EndWith("1.00"));
        Assert.That(Line(table, "confidence >= 0.9"), Does.Contain("2/5"));
        Assert.That(table, Does.Contain("clean PRs: 1 reviewed, 1.00 finding(s) per PR, 0 issue(s) in summaries.\n  most findings: 1, on acme/shop@0123456789ab\n"));
        Assert.That(table, Does.Contain("fabricated evidence: 1 finding(s) dropped for quotes not in the code against 6 kept: rate 0.14."),
            "the clean PR's finding is one of those kept");
        Assert.That(Line(table, "total "), Does.Contain("53,000").And.Contain("30,000"));
        Assert.That(table, Does.Contain($"cost: {EvalTableSpend.Dollars(scores.Tokens.Cost!.Total)}"));
        Assert.That(table, Does.Contain("https://github.com/getsentry/sentry/pull/2: git fetch failed: repository not found"));
    }

    [Test]
    public void AnUnpricedRun_SaysSo()
    {
        var table = EvalTable.Render(EvalScores.From(Perfect()));

        Assert.That(table, Does.Contain("cost: not priced."));
        Assert.That(table, Does.Contain("clean PRs: none in this run."));
        Assert.That(table, Does.Not.Contain("failed, in no score"));
    }

    [Test]
    public void HostileNames_NeitherDriveTheTerminal_NorWidenTheTable()
    {
        var evil = "owner/\u001b]8;;https://attacker.example\u0007click\u001b[2J\u202Eevil" + new string('x', 500);
        var report = Report(
            Result(Martian(evil, 1, ("bug", "\u001b[31mHigh" + new string('y', 300))), [Finding("bug", "P1\u001b[0m")], (0, 0)),
            Failed(Clean("acme/shop", "abc"), "line one\nline two\r\u001b[1A" + new string('z', 1_000))) with { Benchmark = evil, Model = evil };

        var table = EvalTable.Render(EvalScores.From(report));

        Assert.That(table.Split('\n').Select(l => l.Length), Has.All.LessThanOrEqualTo(EvalTable.Width));
        Assert.That(table.Where(c => c != '\n'), Has.None.Matches<char>(c => char.IsControl(c) || c == '\u202E'));
        Assert.That(table, Does.Contain("line one line two"));
    }

    private static string Line(string table, string start) =>
        table.Split('\n').FirstOrDefault(l => l.StartsWith(start, StringComparison.Ordinal)) ?? throw new AssertionException($"no line starts with \"{start}\":\n{table}");
}
