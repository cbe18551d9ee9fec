using System.Text.Json.Nodes;

namespace ReviewBot.Evaluation;

/// <summary>
/// ReviewBot's candidates in the Martian pipeline's own shape (results/MODEL/candidates.json:
/// <c>{ "PR URL": { "TOOL": [{ "text", "path", "line", "source" }] } }</c>), so its step 3 scores ReviewBot beside the
/// published tools. Its step 3 reads only <c>text</c>; <c>source</c> is "extracted" as in every published file, and the
/// findings keep their path and line. Cases that failed are left out, as Martian leaves out reviews it could not extract.
/// </summary>
public static class MartianCandidates
{
    public const string Tool = "reviewbot";

    public static JsonObject Build(IEnumerable<CaseResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var root = new JsonObject();
        foreach (var result in results.Where(r => r.Error is null))
        {
            root[result.Case.Url ?? result.Case.Id] = new JsonObject
            {
                [Tool] = new JsonArray([.. result.Candidates.Select(c => (JsonNode)new JsonObject
                {
                    ["text"] = c.Text,
                    ["path"] = c.Path,
                    ["line"] = c.Line,
                    ["source"] = "extracted",
                })]),
            };
        }
        return root;
    }
}
