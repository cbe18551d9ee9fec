using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace ReviewBot.Tests.TestSupport;

/// <summary>
/// GitHub's OpenAPI description of the REST operations ReviewBot uses (Resources/github-rest, from npm @octokit/openapi),
/// used to keep both the bot and the fake honest: each recorded request must be a described operation with a valid body,
/// and each answer of the fake must match the operation's response schema.
/// </summary>
public static class GitHubOpenApi
{
    private static readonly Lazy<IReadOnlyList<Operation>> Operations = new(Load);

    /// <summary>GitHub's own <c>checks/create</c> rule (status completed requires a conclusion), which Octokit's copy drops.</summary>
    private static readonly Lazy<JsonSchema> GitHubChecksCreate = new(() =>
    {
        var file = JsonNode.Parse(File.ReadAllText(TestResources.GitHubRest("checks-create.json")))!;
        return ToSchema(file["requestBody"]!["schema"]!);
    });

    public static JsonNode SuccessExample(string operationId)
    {
        var operation = Operations.Value.Single(o => o.Id == operationId);
        var success = operation.Responses.First(r => r.Key.StartsWith('2')).Value!;
        var examples = success["examples"]!.AsObject();
        var example = examples.First().Value!;
        // Some operations keep the OpenAPI Example object ({ "summary", "value" }) rather than the bare example.
        return example is JsonObject wrapper && wrapper["value"] is JsonNode value && wrapper.All(p => p.Key is "value" or "summary" or "description" || p.Key.StartsWith("x-", StringComparison.Ordinal))
            ? value
            : example;
    }

    public static Operation? Match(string method, string path) =>
        Operations.Value.FirstOrDefault(o => o.Method.Equals(method, StringComparison.OrdinalIgnoreCase) && o.PathPattern.IsMatch(path));

    /// <summary>Everything wrong with one recorded exchange, as sentences; empty when it agrees with GitHub's description.</summary>
    public static IReadOnlyList<string> Problems(RecordedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method == "POST" && request.Path == "/graphql")
        {
            // GraphQL is outside the REST description: check the envelope only.
            return request.Json?["query"]?.GetValueKind() == System.Text.Json.JsonValueKind.String && request.Json["variables"] is JsonObject
                ? []
                : ["a GraphQL request needs a query string and a variables object"];
        }

        var operation = Match(request.Method, request.Path);
        if (operation is null)
        {
            return [$"{request.Method} {request.Path} is not an operation in GitHub's description (Resources/github-rest/operations.json)"];
        }

        var problems = new List<string>();
        if (request.Body is { Length: > 0 } body)
        {
            if (operation.RequestSchema is null)
            {
                problems.Add($"{operation.Id} takes no body, but one was sent");
            }
            else
            {
                problems.AddRange(Validate(operation.RequestSchema, JsonNode.Parse(body)).Select(p => $"{operation.Id} request: {p}"));
                if (operation.Id == "checks/create")
                {
                    problems.AddRange(Validate(GitHubChecksCreate.Value, JsonNode.Parse(body)).Select(p => $"{operation.Id} request (GitHub's rule): {p}"));
                }
            }
        }
        else if (operation.RequiresBody)
        {
            problems.Add($"{operation.Id} needs a body, but none was sent");
        }

        if (request.Status is >= 200 and < 300 && operation.ResponseSchema(request.Status) is { } responseSchema && request.ResponseBody.Length > 0)
        {
            problems.AddRange(Validate(responseSchema, JsonNode.Parse(request.ResponseBody)).Select(p => $"{operation.Id} response {request.Status}: {p}"));
        }

        return problems;
    }

    private static IEnumerable<string> Validate(JsonSchema schema, JsonNode? instance)
    {
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return [];
        }

        return (result.Details.Count > 0 ? result.Details : [result])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))
            .Distinct()
            .Take(10);
    }

    private static List<Operation> Load()
    {
        var root = JsonNode.Parse(File.ReadAllText(TestResources.GitHubRest("operations.json")))!;
        UseGitHubsInstallation(root["operations"]!.AsArray());
        return root["operations"]!.AsArray().Select(o => new Operation(
            o!["operationId"]!.GetValue<string>(),
            o["method"]!.GetValue<string>().ToUpperInvariant(),
            o["path"]!.GetValue<string>(),
            o["requestBodySchema"] is { } schema ? ToSchema(schema) : null,
            o["requestBodySchema"]?["required"] is JsonArray { Count: > 0 },
            o["responses"]!.AsObject())).ToList();
    }

    /// <summary>
    /// <c>apps/list-installations</c> is one of Octokit's replacements (see Resources/github-rest/README.md), and its copy of
    /// the installation says the account is a user <em>and</em> an enterprise (<c>allOf</c>), which no account is, GitHub's
    /// own example included. GitHub's own installation schema, as <c>apps/get-repo-installation</c> has it, says either
    /// (<c>anyOf</c>): the listing's items are checked against that one.
    /// </summary>
    private static void UseGitHubsInstallation(JsonArray operations)
    {
        JsonNode Operation(string id) => operations.Single(o => o!["operationId"]!.GetValue<string>() == id)!;
        var installation = Operation("apps/get-repo-installation")["responses"]!["200"]!["schema"]!.DeepClone();
        Operation("apps/list-installations")["responses"]!["200"]!["schema"]!["items"] = installation;
    }

    /// <summary>OpenAPI 3.0 schemas are JSON Schema but for <c>nullable</c>; rewrite it as a type union, then build the schema.</summary>
    internal static JsonSchema ToSchema(JsonNode openApiSchema)
    {
        var copy = openApiSchema.DeepClone();
        RewriteNullable(copy);
        return JsonSchema.FromText(copy.ToJsonString());
    }

    private static void RewriteNullable(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["nullable"]?.GetValue<bool>() == true)
                {
                    if (obj["type"] is JsonValue type)
                    {
                        obj["type"] = new JsonArray(type.GetValue<string>(), "null");
                    }

                    if (obj["enum"] is JsonArray values && !values.Any(v => v is null))
                    {
                        values.Add(null);
                    }

                    foreach (var key in new[] { "allOf", "anyOf", "oneOf" })
                    {
                        if (obj[key] is JsonArray)
                        {
                            var inner = obj[key]!.DeepClone();
                            obj.Remove(key);
                            obj["anyOf"] = new JsonArray(new JsonObject { ["type"] = "null" }, new JsonObject { [key] = inner });
                        }
                    }
                }

                obj.Remove("nullable");
                foreach (var (_, child) in obj.ToList())
                {
                    RewriteNullable(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    RewriteNullable(child);
                }

                break;
        }
    }

    public sealed record Operation(string Id, string Method, string Path, JsonSchema? RequestSchema, bool RequiresBody, JsonObject Responses)
    {
        public Regex PathPattern { get; } = new("^" + Regex.Replace(Regex.Escape(Path), @"\\\{[a-z_]+}", "[^/]+") + "$", RegexOptions.Compiled);

        public JsonSchema? ResponseSchema(int status) =>
            Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["schema"] is { } schema ? ToSchema(schema) : null;
    }
}
