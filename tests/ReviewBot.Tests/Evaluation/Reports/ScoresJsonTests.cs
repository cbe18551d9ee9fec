using System.Text.Json;
using ReviewBot.Evaluation.Reports;
using static ReviewBot.Tests.Evaluation.Reports.EvalReports;

namespace ReviewBot.Tests.Evaluation.Reports;

public sealed class ScoresJsonTests
{
    [Test]
    public void TheJson_LeadsWithItsSchema_AndCarriesTheScoresInCamelCase()
    {
        var scores = EvalScores.From(EvalTableTests.Mixed());

        using var json = JsonDocument.Parse(ScoresJson.Serialize(scores));
        var root = json.RootElement;

        Assert.That(root.EnumerateObject().First().Name, Is.EqualTo("schema"));
        Assert.That(root.GetProperty("schema").GetString(), Is.EqualTo(ScoresJson.Schema));
        Assert.That(root.GetProperty("benchmark").GetString(), Is.EqualTo("martian"));
        Assert.That(root.GetProperty("finished").GetDateTimeOffset(), Is.EqualTo(Finished));
        Assert.That((root.GetProperty("scored").GetInt32(), root.GetProperty("clean").GetInt32(), root.GetProperty("errors").GetInt32()), Is.EqualTo((3, 1, 1)));
        var overall = root.GetProperty("overall");
        Assert.That(overall.GetProperty("precision").GetDouble(), Is.EqualTo(scores.Overall.Precision));
        Assert.That(overall.GetProperty("f1").GetDouble(), Is.EqualTo(scores.Overall.F1));
        Assert.That(overall.GetProperty("found").GetInt32(), Is.EqualTo(5));
        Assert.That(root.GetProperty("macro").GetProperty("recallCases").GetInt32(), Is.EqualTo(3));
        Assert.That(root.GetProperty("repositories")[1].GetProperty("repository").GetString(), Is.EqualTo("grafana/grafana"));
        Assert.That(root.GetProperty("severities")[0].GetProperty("severity").GetString(), Is.EqualTo("Critical"));
        var calibration = root.GetProperty("calibration");
        Assert.That(calibration.GetProperty("byConfidence")[0].GetProperty("precision").ValueKind, Is.EqualTo(JsonValueKind.Null), "an empty bucket has no precision");
        Assert.That(calibration.GetProperty("ifConfidenceAtLeast")[4].GetProperty("keep").GetString(), Is.EqualTo("confidence >= 0.9"));
        Assert.That(root.GetProperty("cleanCases").GetProperty("findingsPerCase").GetDouble(), Is.EqualTo(1.0));
        Assert.That(root.GetProperty("fabricated").GetProperty("rate").GetDouble(), Is.EqualTo(scores.Fabricated.Rate));
        Assert.That(root.GetProperty("tokens").GetProperty("cost").GetProperty("total").GetDecimal(), Is.EqualTo(scores.Tokens.Cost!.Total));
        Assert.That(root.GetProperty("tokens").GetProperty("perCase").GetProperty("input").GetDouble(), Is.EqualTo(10_600));
        var failed = root.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("error").ValueKind == JsonValueKind.String);
        Assert.That(failed.GetProperty("source").GetString(), Is.EqualTo("martian"));
        Assert.That(root.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("source").GetString()), Does.Contain("clean"));
    }

    [Test]
    public void AnUnpricedRun_HasANullCost()
    {
        using var json = JsonDocument.Parse(ScoresJson.Serialize(EvalScores.From(Perfect())));

        Assert.That(json.RootElement.GetProperty("tokens").GetProperty("cost").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public void HostileText_RoundTrips_WithMarkupEscaped_AndOtherScriptsReadable()
    {
        var title = "<script>alert(\"x\")</script> 日本語 \u202Eevil";
        var report = Report(Result(Martian("a/a", 1, ("bug", "High")) with { Title = title }, []));

        var text = ScoresJson.Serialize(EvalScores.From(report));
        using var json = JsonDocument.Parse(text);

        Assert.That(json.RootElement.GetProperty("cases")[0].GetProperty("title").GetString(), Is.EqualTo(title));
        Assert.That(text, Does.Not.Contain("<script>"));
        Assert.That(text, Does.Contain("日本語"));
    }

    [Test]
    public async Task TheOutputs_AreWrittenIntoTheFolder_AndTheTableReturned()
    {
        var folder = Directory.CreateTempSubdirectory("reviewbot-eval-").FullName;
        try
        {
            var report = EvalTableTests.Mixed();

            var files = await EvalOutputs.WriteAsync(report, Path.Combine(folder, "run"));

            Assert.That(files.JsonPath, Is.EqualTo(Path.Combine(folder, "run", "scores.json")));
            Assert.That(await File.ReadAllTextAsync(files.JsonPath), Is.EqualTo(ScoresJson.Serialize(EvalScores.From(report))));
            Assert.That(await File.ReadAllTextAsync(files.HtmlPath), Is.EqualTo(EvalHtml.Render(report)));
            Assert.That(files.Table, Is.EqualTo(EvalTable.Render(EvalScores.From(report))));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
