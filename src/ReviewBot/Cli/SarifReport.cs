using System.Reflection;
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
        return Document(results);
    }

    private static string Document(JsonArray results)
    {
        var sarif = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = Driver(),
                },
                ["results"] = results,
            }),
        };
        return sarif.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>The tool: its version, one rule per priority, and the repository's address only when the build knows it.</summary>
    private static JsonObject Driver()
    {
        var driver = new JsonObject
        {
            ["name"] = "ReviewBot",
            ["version"] = CliHelp.Version(),
            ["rules"] = new JsonArray(Enum.GetValues<Priority>().Select(p => (JsonNode)new JsonObject
            {
                ["id"] = $"reviewbot/{p}",
                ["shortDescription"] = new JsonObject { ["text"] = $"ReviewBot {p} finding" },
                ["fullDescription"] = new JsonObject { ["text"] = $"A {p} finding: {Meaning(p)}." },
                ["help"] = new JsonObject
                {
                    ["text"] = $"A {p} finding ({Meaning(p)}) from a language-model review of the change, checked against the diff: " +
                        "its lines are changed lines and its evidence is quoted from the code. The message explains the problem; fix it or say why it does not apply.",
                },
            }).ToArray()),
        };
        // SARIF's informationUri is the tool's home page; the build sets RepositoryUrl when there is one, and no
        // address is better than a made-up one.
        var home = typeof(SarifReport).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryUrl")?.Value;
        if (!string.IsNullOrEmpty(home))
        {
            driver["informationUri"] = home;
        }
        return driver;
    }

    /// <summary>What each priority means, as the review prompt defines it.</summary>
    private static string Meaning(Priority priority) => priority switch
    {
        Priority.P0 => "blocks release: data loss, security hole, crash or outage on a common path",
        Priority.P1 => "a real bug that will bite users or callers; fix before merging",
        Priority.P2 => "a bug on an unusual path, or a likely future defect",
        _ => "minor",
    };
}
