using ReviewBot.Evaluation.Reports;
using static ReviewBot.Tests.Evaluation.Reports.EvalReports;

namespace ReviewBot.Tests.Evaluation.Reports;

public sealed class CalibrationTests
{
    /// <summary>
    /// Three golden comments; findings at P0 0.95 (matches 0), P1 0.7 (matches 1), P1 0.65 (wrong), P3 0.5 (wrong),
    /// p2 without a confidence (wrong), and a summary issue that matches 2.
    /// </summary>
    private static Calibration Calibrate() => EvalScores.From(Report(Result(
        Martian("a/a", 1, ("crash", "Critical"), ("race", "High"), ("typo", "Low")),
        [
            Finding("crash", "P0", 0.95),
            Finding("race", "P1", 0.7),
            Finding("wrong", "P1", 0.65),
            Finding("wrong too", "P3", 0.5),
            Finding("no confidence", "p2", null),
            Summary("typo in the message"),
        ],
        (0, 0), (1, 1), (2, 5)))).Calibration;

    [Test]
    public void ByPriority_ThePrecisionOfEachPriority_WithTheSummaryIssuesInTheirOwnRow()
    {
        var rows = Calibrate().ByPriority;

        Assert.That(rows.Select(r => (r.Bucket, r.Candidates, r.Matched)), Is.EqualTo(new[]
        {
            ("P0", 1, 1), ("P1", 2, 1), ("P2", 1, 0), ("P3", 1, 0), ("summary", 1, 1),
        }));
        Assert.That(rows.Select(r => r.Precision), Is.EqualTo(new double?[] { 1, 0.5, 0, 0, 1 }));
    }

    [Test]
    public void ByConfidence_EachBucketHoldsItsLowerEdge_TheLastItsUpperToo_AndEmptyBucketsHaveNoPrecision()
    {
        var rows = Calibrate().ByConfidence;

        Assert.That(rows.Select(r => (r.Bucket, r.Candidates, r.Matched)), Is.EqualTo(new[]
        {
            ("[0, 0.5)", 0, 0), ("[0.5, 0.6)", 1, 0), ("[0.6, 0.7)", 1, 0), ("[0.7, 0.8)", 1, 1), ("[0.8, 0.9)", 0, 0),
            ("[0.9, 1.0]", 1, 1), ("unrated", 1, 0), ("summary", 1, 1),
        }));
        Assert.That(rows[0].Precision, Is.Null);
        Assert.That(rows.Single(r => r.Bucket == "[0.7, 0.8)").Precision, Is.EqualTo(1.0));
    }

    [Test]
    public void AConfidenceOfOne_IsInTheLastBucket()
    {
        var rows = EvalScores.From(Report(Result(Martian("a/a", 1, ("x", "High")), [Finding("x", "P0", 1.0)], (0, 0)))).Calibration.ByConfidence;

        Assert.That(rows.Single(r => r.Bucket == "[0.9, 1.0]").Candidates, Is.EqualTo(1));
    }

    [Test]
    public void IfTheConfidenceThresholdWereRaised_FewerFindingsStay_TheSummaryIssuesWithThem()
    {
        var rows = Calibrate().IfConfidenceAtLeast;

        Assert.That(rows.Select(r => r.Keep), Is.EqualTo(new[] { "confidence >= 0.5", "confidence >= 0.6", "confidence >= 0.7", "confidence >= 0.8", "confidence >= 0.9" }));
        Assert.That(rows.Select(r => r.Score), Is.EqualTo(new[]
        {
            new Score(3, 3, 5, 2), new Score(3, 3, 4, 1), new Score(3, 3, 3, 0), new Score(3, 2, 2, 0), new Score(3, 2, 2, 0),
        }));
        Assert.That(rows[2].Score.Precision, Is.EqualTo(1.0), "at 0.7 every kept candidate matched");
        Assert.That(rows[3].Score.Recall, Is.EqualTo(2.0 / 3), "at 0.8 the race is no longer found");
    }

    [Test]
    public void IfThePriorityThresholdWereLowered_LesserPrioritiesJoin()
    {
        var rows = Calibrate().IfPriorityAtMost;

        Assert.That(rows.Select(r => (r.Keep, r.Score)), Is.EqualTo(new[]
        {
            ("P0", new Score(3, 2, 2, 0)), ("P0-P1", new Score(3, 3, 4, 1)), ("P0-P2", new Score(3, 3, 5, 2)), ("P0-P3", new Score(3, 3, 6, 3)),
        }));
    }

    [Test]
    public void FindingsWithoutAPriority_HaveAnUnratedRow_AndOtherWordsTheirOwn()
    {
        var rows = EvalScores.From(Report(Result(Martian("a/a", 1, ("x", "High")), [Finding("x", null), Finding("y", "high")], (0, 0)))).Calibration.ByPriority;

        Assert.That(rows.Select(r => (r.Bucket, r.Candidates)), Is.EqualTo(new[]
        {
            ("P0", 0), ("P1", 0), ("P2", 0), ("P3", 0), ("HIGH", 1), ("unrated", 1), ("summary", 0),
        }));
    }

    [Test]
    public void CleanAndFailedCases_AreNotCalibrated()
    {
        var calibration = EvalScores.From(Report(
            Result(Clean("a/a", "abc"), [Finding("noise", "P0", 0.99)]),
            Failed(Martian("a/a", 1, ("x", "High")), "boom"))).Calibration;

        Assert.That(calibration.ByPriority.Sum(r => r.Candidates), Is.Zero);
        Assert.That(calibration.IfConfidenceAtLeast.Select(r => r.Score), Has.All.EqualTo(Score.None));
    }
}
