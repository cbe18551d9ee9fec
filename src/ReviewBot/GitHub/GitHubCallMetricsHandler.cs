using ReviewBot.Telemetry;

namespace ReviewBot.GitHub;

/// <summary>
/// Counts every attempt that reaches GitHub (inside the retries) by method, route template and status, and records the
/// rate-limit window's remaining calls from the answer's headers. A call that got no answer is status 0.
/// </summary>
public sealed class GitHubCallMetricsHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var route = GitHubRouteTemplate.For(request.RequestUri?.AbsolutePath ?? "/");
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (Exception)
        {
            Metrics.GitHubCalled(request.Method.Method, route, 0);
            throw;
        }
        Metrics.GitHubCalled(request.Method.Method, route, (int)response.StatusCode);
        if (Header(response, "x-ratelimit-remaining") is { } text && long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var remaining))
        {
            Metrics.RateLimitRemaining(Header(response, "x-ratelimit-resource") ?? "core", remaining);
        }
        return response;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
