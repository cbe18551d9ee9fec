using System.Text.Json.Nodes;
using ReviewBot.Reviews;

namespace ReviewBot.Cli;

/// <summary>Findings as SARIF 2.1.0, for code-scanning uploads and editors.</summary>
public static class SarifReport
{
    public static string Write(ReviewResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var results = new JsonArray();
        foreach (var f in result.Findings)
        {
            results.Add(new JsonObject
            {
                ["ruleId"] = $"reviewbot/{f.Priority}",
                ["level"] = f.Priority switch { Priority.P0 or Priority.P1 => "error", Priority.P2 => "warning", _ => "note" },
                ["message"] = new JsonObject { ["text"] = $"{f.Title}\n\n{f.Explanation}" },
                ["locations"] = new JsonArray(new JsonObject
                {
                    ["physicalLocation"] = new JsonObject
                    {
                        ["artifactLocation"] = new JsonObject { ["uri"] = f.Path },
                        ["region"] = new JsonObject { ["startLine"] = f.StartLine, ["endLine"] = f.EndLine },
                    },
                }),
                ["partialFingerprints"] = new JsonObject { ["reviewbot/v1"] = f.Fingerprint },
                ["properties"] = new JsonObject { ["confidence"] = f.Confidence, ["side"] = f.Side.ToString().ToLowerInvariant() },
            });
        }
        var sarif = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "ReviewBot",
                        ["informationUri"] = "https://github.com/reviewbot/reviewbot",
                        ["rules"] = new JsonArray(Enum.GetValues<Priority>().Select(p => (JsonNode)new JsonObject
                        {
                            ["id"] = $"reviewbot/{p}",
                            ["shortDescription"] = new JsonObject { ["text"] = $"ReviewBot {p} finding" },
                        }).ToArray()),
                    },
                },
                ["results"] = results,
            }),
        };
        return sarif.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
