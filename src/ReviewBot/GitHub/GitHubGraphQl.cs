using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace ReviewBot.GitHub;

/// <summary>
/// The two GraphQL calls the REST API has no equal for: the review threads of a pull request (resolved or not) and
/// resolving one. Over the same "github" HttpClient (API version header, pacing, Polly) with the access's token; both are
/// safe to repeat, so Polly retries them like reads.
/// </summary>
public sealed class GitHubGraphQl(IHttpClientFactory httpClients, IOptions<GitHubOptions> options)
{
    private const string ThreadsQuery = """
        query($owner: String!, $name: String!, $number: Int!, $cursor: String) {
          repository(owner: $owner, name: $name) {
            pullRequest(number: $number) {
              reviewThreads(first: 100, after: $cursor) {
                pageInfo { hasNextPage endCursor }
                nodes { id isResolved resolvedBy { login } comments(first: 1) { nodes { databaseId } } }
              }
            }
          }
        }
        """;

    private const string ResolveMutation = """
        mutation($id: ID!) { resolveReviewThread(input: { threadId: $id }) { thread { id isResolved } } }
        """;

    public async Task<IReadOnlyList<ReviewThread>> ReviewThreadsAsync(GitHubAccess access, string owner, string repo, int number,
        CancellationToken cancellationToken)
    {
        var threads = new List<ReviewThread>();
        string? cursor = null;
        for (var page = 0; page < 50; page++)
        {
            var data = await PostAsync(access, ThreadsQuery,
                new JsonObject { ["owner"] = owner, ["name"] = repo, ["number"] = number, ["cursor"] = cursor }, cancellationToken);
            var connection = data?["repository"]?["pullRequest"]?["reviewThreads"];
            foreach (var node in connection?["nodes"]?.AsArray() ?? [])
            {
                var first = node?["comments"]?["nodes"]?.AsArray().FirstOrDefault()?["databaseId"]?.GetValue<long>();
                if (node is not null && first is not null)
                {
                    threads.Add(new ReviewThread(node["id"]!.GetValue<string>(), first.Value, node["isResolved"]!.GetValue<bool>())
                    {
                        ResolvedBy = node["resolvedBy"]?["login"]?.GetValue<string>(),
                    });
                }
            }
            if (connection?["pageInfo"]?["hasNextPage"]?.GetValue<bool>() != true)
            {
                break;
            }
            cursor = connection["pageInfo"]!["endCursor"]!.GetValue<string>();
        }
        return threads;
    }

    public async Task ResolveAsync(GitHubAccess access, string threadId, CancellationToken cancellationToken) =>
        await PostAsync(access, ResolveMutation, new JsonObject { ["id"] = threadId }, cancellationToken);

    private async Task<JsonNode?> PostAsync(GitHubAccess access, string query, JsonObject variables, CancellationToken cancellationToken)
    {
        var token = await access.TokenAsync(cancellationToken);
        using var http = httpClients.CreateClient(OctokitClients.HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint(options.Value.ApiBaseUrl))
        {
            Content = new StringContent(new JsonObject { ["query"] = query, ["variables"] = variables }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        // Both calls are safe to repeat: a query, and resolving a thread (resolving it again leaves it resolved).
        request.Options.Set(GitHubRequests.SafeToRepeat, true);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.UserAgent.ParseAdd(OctokitClients.UserAgent);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GitHub GraphQL answered {(int)response.StatusCode}.", null, response.StatusCode);
        }
        var json = JsonNode.Parse(body);
        if (json?["errors"] is JsonArray { Count: > 0 } errors)
        {
            throw new HttpRequestException($"GitHub GraphQL: {errors[0]?["message"]}");
        }
        return json?["data"];
    }

    /// <summary>https://api.github.com/graphql, or https://HOST/api/graphql for GitHub Enterprise Server (REST at /api/v3/).</summary>
    public static Uri Endpoint(Uri apiBase)
    {
        ArgumentNullException.ThrowIfNull(apiBase);
        var root = apiBase.AbsoluteUri.TrimEnd('/');
        return root.EndsWith("/api/v3", StringComparison.OrdinalIgnoreCase)
            ? new Uri(root[..^"/v3".Length] + "/graphql")
            : new Uri(root + "/graphql");
    }
}

/// <summary>A review thread, known by its GraphQL id and the REST id of its first comment.</summary>
public sealed record ReviewThread(string Id, long FirstCommentId, bool IsResolved)
{
    /// <summary>Who resolved it (GraphQL <c>resolvedBy</c>); null while it is open or when GitHub does not say.</summary>
    public string? ResolvedBy { get; init; }
}
