namespace ReviewBot.Evaluation.Reports;

/// <summary>Where a run's scores went: the two files, and the table to print.</summary>
public sealed record EvalOutputFiles(string JsonPath, string HtmlPath, string Table);

/// <summary>The eval verb's one call after a run: the scores as JSON and the HTML page written into a folder, the table returned.</summary>
public static class EvalOutputs
{
    public const string JsonName = "scores.json";
    public const string HtmlName = "report.html";

    public static async Task<EvalOutputFiles> WriteAsync(EvalReport report, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        var scores = EvalScores.From(report);
        var json = Path.Combine(folder, JsonName);
        var html = Path.Combine(folder, HtmlName);
        await File.WriteAllTextAsync(json, ScoresJson.Serialize(scores), cancellationToken);
        await File.WriteAllTextAsync(html, EvalHtml.Render(report, scores), cancellationToken);
        return new(json, html, EvalTable.Render(scores));
    }
}
