using ReviewBot.Evaluation;
using ReviewBot.Evaluation.Reports;
using static ReviewBot.Tests.Evaluation.Reports.EvalReports;

namespace ReviewBot.Tests.Evaluation.Reports;

public sealed class EvalScoresTests
{
    [Test]
    public void AReviewThatRaisesExactlyTheGoldenIssues_ScoresOneOnEveryMeasure()
    {
        var scores = EvalScores.From(Perfect());

        Assert.That((scores.Overall.Precision, scores.Overall.Recall, scores.Overall.F1), Is.EqualTo((1.0, 1.0, 1.0)));
        Assert.That((scores.Macro.Precision, scores.Macro.Recall, scores.Macro.F1), Is.EqualTo((1.0, 1.0, 1.0)));
        Assert.That(scores.Overall, Is.EqualTo(new Score(3, 3, 3, 0)));
        Assert.That(scores.Repositories.Select(r => (r.Repository, r.Score.F1)), Is.EqualTo(new[] { ("getsentry/sentry", 1.0), ("grafana/grafana", 1.0) }));
    }

    [Test]
    public void AReviewThatRaisesNothing_HasRecallZero_AndPrecisionZero()
    {
        var scores = EvalScores.From(Report(Result(Martian("grafana/grafana", 1, ("a bug", "High"), ("another", "Low")), [])));

        Assert.That(scores.Overall, Is.EqualTo(new Score(2, 0, 0, 0)));
        Assert.That((scores.Overall.Precision, scores.Overall.Recall, scores.Overall.F1), Is.EqualTo((0.0, 0.0, 0.0)));
        Assert.That(scores.Severities.Single(s => s.Severity == "High").Recall, Is.Zero);
    }

    [Test]
    public void OnlyWrongFindings_ScorePrecisionZero_AndRecallZero()
    {
        var scores = EvalScores.From(Report(Result(Martian("grafana/grafana", 1, ("a bug", "High")), [Finding("unrelated"), Finding("also unrelated")])));

        Assert.That(scores.Overall, Is.EqualTo(new Score(1, 0, 2, 2)));
        Assert.That((scores.Overall.Precision, scores.Overall.Recall), Is.EqualTo((0.0, 0.0)));
    }

    [Test]
    public void FailedCases_CountInNoScore_AndAreCountedApart()
    {
        var perfect = Perfect();
        var failed = Failed(Martian("grafana/grafana", 9, ("missed because it never ran", "High")), "clone failed");
        var withFailure = perfect with { Cases = [.. perfect.Cases, failed] };

        var scores = EvalScores.From(withFailure);

        Assert.That(scores.Overall, Is.EqualTo(EvalScores.From(perfect).Overall));
        Assert.That(scores.Macro, Is.EqualTo(EvalScores.From(perfect).Macro));
        Assert.That(scores.Severities.Single(s => s.Severity == "High").Golden, Is.EqualTo(1), "the failed case's golden comment is not counted");
        Assert.That((scores.Scored, scores.Errors), Is.EqualTo((2, 1)));
        Assert.That(scores.Cases.Single(c => c.Error is not null).Error, Is.EqualTo("clone failed"));
        Assert.That(scores.Tokens.Total.Input, Is.EqualTo(1_000), "tokens a failed case spent are spent all the same");
    }

    [Test]
    public void ThePooledScore_SumsCounts_WhileTheMacroScore_AveragesThePullRequests()
    {
        var scores = EvalScores.From(Report(
            Result(Martian("a/a", 1, ("bug", "High")), [Finding("bug")], (0, 0)),
            Result(Martian("a/a", 2, ("x", "High"), ("y", "Low")), [Finding("no"), Finding("nope")])));

        Assert.That(scores.Overall.Precision, Is.EqualTo(1.0 / 3));
        Assert.That(scores.Overall.Recall, Is.EqualTo(1.0 / 3));
        Assert.That((scores.Macro.Precision, scores.Macro.Recall, scores.Macro.F1), Is.EqualTo((0.5, 0.5, 0.5)));
    }

    [Test]
    public void OneCandidateCoveringTwoGoldenComments_FindsBoth_WithPrecisionNotAboveOne()
    {
        var scores = EvalScores.From(Report(Result(Martian("a/a", 1, ("race on read", "High"), ("race on write", "High")), [Finding("the map races")], (0, 0), (1, 0))));

        Assert.That(scores.Overall, Is.EqualTo(new Score(2, 2, 1, 0)));
        Assert.That((scores.Overall.Precision, scores.Overall.Recall), Is.EqualTo((1.0, 1.0)));
    }

    [Test]
    public void TwoCandidatesMatchingOneGoldenComment_FindItOnce()
    {
        var scores = EvalScores.From(Report(Result(Martian("a/a", 1, ("race", "High"), ("leak", "Low")), [Finding("race"), Finding("race again")], (0, 0), (0, 1))));

        Assert.That(scores.Overall, Is.EqualTo(new Score(2, 1, 2, 0)));
        Assert.That(scores.Overall.Recall, Is.EqualTo(0.5));
    }

    [Test]
    public void APullRequestWithoutGoldenComments_CountsInPrecision_ButInNoRecall()
    {
        var scores = EvalScores.From(Report(
            Result(Martian("a/a", 1, ("bug", "High")), [Finding("bug")], (0, 0)),
            Result(Martian("a/a", 2), [Finding("noise")])));

        Assert.That(scores.Overall, Is.EqualTo(new Score(1, 1, 2, 1)));
        Assert.That((scores.Macro.PrecisionCases, scores.Macro.RecallCases), Is.EqualTo((2, 1)));
        Assert.That((scores.Macro.Precision, scores.Macro.Recall), Is.EqualTo((0.5, 1.0)));
    }

    [Test]
    public void AMatchOutsideTheCase_IsIgnored()
    {
        var scores = EvalScores.From(Report(Result(Martian("a/a", 1, ("bug", "High")), [Finding("bug")], (3, 0), (0, 7))));

        Assert.That(scores.Overall, Is.EqualTo(new Score(1, 0, 1, 1)));
    }

    [Test]
    public void Severities_AreReadWithoutCase_TheMissingOnesUnrated_AndOtherWordsKept()
    {
        var scores = EvalScores.From(Report(Result(
            Martian("a/a", 1, ("a", "high"), ("b", "HIGH"), ("c", "High"), ("d", null), ("e", " "), ("f", "Blocker")),
            [Finding("a"), Finding("d")], (0, 0), (3, 1))));

        Assert.That(scores.Severities.Select(s => (s.Severity, s.Golden, s.Found)), Is.EqualTo(new[]
        {
            ("Critical", 0, 0), ("High", 3, 1), ("Medium", 0, 0), ("Low", 0, 0), ("Blocker", 1, 0), ("unrated", 2, 1),
        }));
        Assert.That(scores.Severities[0].Recall, Is.Null, "no golden comment is critical");
        Assert.That(scores.Severities[1].Recall, Is.EqualTo(1.0 / 3));
    }

    [Test]
    public void Repositories_AreGroupedWithoutCase()
    {
        var scores = EvalScores.From(Report(
            Result(Martian("Grafana/Grafana", 1, ("bug", "High")), [Finding("bug")], (0, 0)),
            Result(Martian("grafana/grafana", 2, ("bug", "High")), [Finding("other")])));

        Assert.That(scores.Repositories, Has.Count.EqualTo(1));
        Assert.That((scores.Repositories[0].Cases, scores.Repositories[0].Score), Is.EqualTo((2, new Score(2, 1, 2, 1))));
    }

    [Test]
    public void CleanPullRequests_CountFindingsPerPullRequest_AndStayOutOfPrecisionAndRecall()
    {
        var perfect = Perfect();
        var report = perfect with
        {
            Cases =
            [
                .. perfect.Cases,
                Result(Clean("acme/shop", "aaaa"), [Finding("noise"), Finding("more noise"), Summary("a summary worry")]),
                Result(Clean("acme/shop", "bbbb"), []),
            ],
        };

        var scores = EvalScores.From(report);

        Assert.That(scores.Overall, Is.EqualTo(EvalScores.From(perfect).Overall));
        Assert.That(scores.Repositories.Select(r => r.Repository), Does.Not.Contain("acme/shop"));
        Assert.That(scores.CleanCases, Is.EqualTo(new CleanScore(2, 2, 1, 2, "acme/shop@aaaa")));
        Assert.That(scores.CleanCases.FindingsPerCase, Is.EqualTo(1.0));
        Assert.That(scores.Clean, Is.EqualTo(2));
    }

    [Test]
    public void TheFabricatedRate_IsDroppedOverDroppedAndKeptFindings_CleanCasesIncluded()
    {
        var report = Report(
            Result(Martian("a/a", 1, ("bug", "High")), [Finding("bug"), Summary("not a finding")], (0, 0)) with { Fabricated = 2 },
            Result(Clean("a/a", "cccc"), [Finding("noise")]) with { Fabricated = 1 },
            Failed(Martian("a/a", 2, ("bug", "High")), "model unreachable") with { Fabricated = 5 });

        var scores = EvalScores.From(report);

        Assert.That(scores.Fabricated, Is.EqualTo(new FabricatedScore(3, 2)));
        Assert.That(scores.Fabricated.Rate, Is.EqualTo(0.6));
    }

    [Test]
    public void TokensAndCost_AreSummedAndPriced_WithCachedInputAtItsOwnPrice()
    {
        var report = Report(
            Result(Martian("a/a", 1, ("bug", "High")), []) with { Tokens = new EvalTokens(1_000_000, 400_000, 100_000, 2_000_000, 10_000) },
            Result(Martian("a/a", 2, ("bug", "High")), []) with { Tokens = new EvalTokens(1_000_000, 0, 100_000, 0, 0) }) with
        {
            Prices = new EvalPrices(Input: 2m, CachedInput: 0.5m, Output: 8m, JudgeInput: 1m, JudgeOutput: 4m),
        };

        var scores = EvalScores.From(report);

        Assert.That(scores.Tokens.Total, Is.EqualTo(new EvalTokens(2_000_000, 400_000, 200_000, 2_000_000, 10_000)));
        Assert.That(scores.Tokens.PerCase, Is.EqualTo(new TokenMeans(1_000_000, 200_000, 100_000, 1_000_000, 5_000)));
        Assert.That(scores.Tokens.Cost!.Review, Is.EqualTo((1_600_000 * 2m + 400_000 * 0.5m + 200_000 * 8m) / 1_000_000));
        Assert.That(scores.Tokens.Cost.Judge, Is.EqualTo(2.04m));
        Assert.That(scores.Tokens.Cost.PerCase, Is.EqualTo((5m + 2.04m) / 2));
        Assert.That(EvalScores.From(report with { Prices = null }).Tokens.Cost, Is.Null, "not priced");
        Assert.That(scores.Tokens.SecondsPerCase, Is.EqualTo(2.0));
    }
}
