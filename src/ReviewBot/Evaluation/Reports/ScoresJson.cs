using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace ReviewBot.Evaluation.Reports;

/// <summary>
/// The scores as JSON, written beside the run's report. The shape is <see cref="EvalScores"/> in camelCase, led by
/// <c>"schema": "reviewbot-eval-scores/1"</c> (raised when a field changes meaning or goes away; added fields keep it):
/// <c>benchmark, model, judge, finished, scored, clean, errors</c>; <c>overall</c> and each score as
/// <c>{golden, found, candidates, unmatched, precision, recall, f1}</c>; <c>macro {precision, recall, f1,
/// precisionCases, recallCases}</c>; <c>repositories[{repository, cases, score}]</c>; <c>severities[{severity, golden,
/// found, recall}]</c>; <c>calibration {byPriority[], byConfidence[] of {bucket, candidates, matched, precision},
/// ifConfidenceAtLeast[], ifPriorityAtMost[] of {keep, score}}</c>; <c>cleanCases {cases, findings, summaryIssues,
/// maxFindings, maxCase, findingsPerCase}</c>; <c>fabricated {fabricated, findings, rate}</c>; <c>tokens {total, cases,
/// seconds, cost, perCase, secondsPerCase}</c> with <c>cost</c> null when not priced; <c>cases[{id, source, repository,
/// title, url, score, findings, summaryIssues, fabricated, seconds, tokens, error}]</c>. Ratios are 0–1; a ratio with
/// nothing to divide is null where it says so (calibration, severity), else 0.
/// </summary>
public static class ScoresJson
{
    public const string Schema = "reviewbot-eval-scores/1";

    /// <summary>Non-ASCII text stays readable; &lt;, &gt;, &amp; and quotes are still escaped, so the file is safe to embed.</summary>
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(EvalScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var document = new JsonObject { ["schema"] = Schema };
        foreach (var (name, value) in JsonSerializer.SerializeToNode(scores, Options)!.AsObject().ToList())
        {
            document[name] = value?.DeepClone();
        }
        return document.ToJsonString(Options) + "\n";
    }
}
