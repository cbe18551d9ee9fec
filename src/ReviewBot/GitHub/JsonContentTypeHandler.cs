using System.Net.Http.Headers;

namespace ReviewBot.GitHub;

/// <summary>
/// Octokit serializes request bodies as JSON but labels them <c>application/x-www-form-urlencoded</c>. GitHub's REST
/// docs and its OpenAPI description take <c>application/json</c> for every body, and a strict proxy refuses the wrong
/// label, so a JSON body is relabelled here. A body that is not JSON keeps its label.
/// </summary>
public sealed class JsonContentTypeHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Content is { } content && content.Headers.ContentType?.MediaType != "application/json"
            && await LooksLikeJsonAsync(content, cancellationToken))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }
        return await base.SendAsync(request, cancellationToken);
    }

    // Octokit's bodies are strings in memory: reading them does not consume them.
    private static async Task<bool> LooksLikeJsonAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var bytes = await content.ReadAsByteArrayAsync(cancellationToken);
        var first = bytes.SkipWhile(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF).FirstOrDefault();
        return first is (byte)'{' or (byte)'[';
    }
}
