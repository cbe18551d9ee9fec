using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace ReviewBot.GitHub;

/// <summary>
/// GitHub's manners, per credential (one installation token, or the App's JWT): mutating calls one at a time and at
/// least <see cref="GitHubOptions.MinMutationInterval"/> apart, as GitHub asks of integrations; and a 403 or 429 that
/// carries <c>Retry-After</c>, or <c>x-ratelimit-remaining: 0</c> with <c>x-ratelimit-reset</c>, waits as told (up to
/// <see cref="GitHubOptions.MaxRateLimitWait"/>) and is sent once more. Time is the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class GitHubPacingHandler(IOptions<GitHubOptions> options, TimeProvider time, ILogger<GitHubPacingHandler> logger) : DelegatingHandler
{
    private static readonly ConcurrentDictionary<string, Pace> Paces = new(StringComparer.Ordinal);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var mutating = request.Method != HttpMethod.Get && request.Method != HttpMethod.Head && request.Method != HttpMethod.Options;
        var pace = Paces.GetOrAdd(Key(request), _ => new Pace());

        var response = await SendPacedAsync(request, mutating, pace, cancellationToken);
        if (WaitFor(response) is { } wait && wait <= options.Value.MaxRateLimitWait)
        {
            Log.RateLimited(logger, (int)response.StatusCode, request.Method.Method, request.RequestUri?.AbsolutePath ?? "", wait.TotalSeconds);
            response.Dispose();
            await Task.Delay(wait, time, cancellationToken);
            response = await SendPacedAsync(Clone(request, body), mutating, pace, cancellationToken);
        }
        return response;
    }

    private async Task<HttpResponseMessage> SendPacedAsync(HttpRequestMessage request, bool mutating, Pace pace, CancellationToken cancellationToken)
    {
        if (!mutating)
        {
            return await base.SendAsync(request, cancellationToken);
        }
        await pace.Gate.WaitAsync(cancellationToken);
        try
        {
            var due = pace.Last + options.Value.MinMutationInterval - time.GetUtcNow();
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, time, cancellationToken);
            }
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            pace.Last = time.GetUtcNow();
            pace.Gate.Release();
        }
    }

    /// <summary>
    /// One pace per installation token whatever the scheme ("token x" for REST, "Bearer x" for GraphQL); all App JWTs
    /// (a fresh one per call) share one. Old tokens' paces are dropped so the table stays small.
    /// </summary>
    private string Key(HttpRequestMessage request)
    {
        var credential = request.Headers.Authorization?.Parameter ?? "";
        var key = credential.Count(c => c == '.') == 2 ? "app" : credential;
        if (Paces.Count > 1_000)
        {
            var cutoff = time.GetUtcNow() - TimeSpan.FromHours(2);
            foreach (var stale in Paces.Where(p => p.Value.Last < cutoff && p.Value.Gate.CurrentCount == 1).Select(p => p.Key).ToList())
            {
                Paces.TryRemove(stale, out _);
            }
        }
        return key;
    }

    /// <summary>How long GitHub asks us to wait, or null when the answer is not a rate limit.</summary>
    private TimeSpan? WaitFor(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests))
        {
            return null;
        }
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            return retryAfter.Delta ?? (retryAfter.Date is { } date ? Max(date - time.GetUtcNow()) : null);
        }
        if (Header(response, "x-ratelimit-remaining") == "0"
            && long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
        {
            return Max(DateTimeOffset.FromUnixTimeSeconds(reset) - time.GetUtcNow());
        }
        return response.StatusCode == HttpStatusCode.TooManyRequests ? TimeSpan.FromMinutes(1) : null;
    }

    private static TimeSpan Max(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static HttpRequestMessage Clone(HttpRequestMessage request, byte[]? body)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
        foreach (var header in request.Headers)
        {
            clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        if (body is not null)
        {
            clone.Content = new ByteArrayContent(body);
            foreach (var header in request.Content!.Headers)
            {
                clone.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
        return clone;
    }

    private sealed class Pace
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public DateTimeOffset Last { get; set; } = DateTimeOffset.MinValue;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 311, Level = LogLevel.Warning, Message = "GitHub rate limit ({Status}) on {Method} {Path}: waiting {Seconds:0.#} s as told, then trying once more")]
        public static partial void RateLimited(ILogger logger, int status, string method, string path, double seconds);
    }
}
