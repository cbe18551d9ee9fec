using System.Collections.Concurrent;

namespace ReviewBot.GitHub;

/// <summary>
/// GitHub's manners, per credential (one installation token, or the App's JWT): mutating calls one at a time and at
/// least <see cref="GitHubOptions.MinMutationInterval"/> apart, as GitHub asks of integrations; and a rate-limited answer
/// (<see cref="GitHubRateLimit"/>) is waited out as GitHub documents and sent again, whatever the method, since GitHub
/// did not take it: <c>Retry-After</c> as told, else until <c>x-ratelimit-reset</c> when the limit is spent, else
/// <see cref="GitHubOptions.SecondaryRateLimitWait"/> doubled on each further wait. All waits of one call together stay
/// within <see cref="GitHubOptions.MaxRateLimitWait"/>; past that the rate-limited answer is returned. A 403 that is not a
/// rate limit (a permission refusal) is returned at once. Time is the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class GitHubPacingHandler(IOptions<GitHubOptions> options, TimeProvider time, ILogger<GitHubPacingHandler> logger) : DelegatingHandler
{
    /// <summary>Even when GitHub keeps saying "retry after 0", a call is sent at most this many times more.</summary>
    public const int MaxResends = 10;

    private static readonly ConcurrentDictionary<string, Pace> Paces = new(StringComparer.Ordinal);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var mutating = request.Method != HttpMethod.Get && request.Method != HttpMethod.Head && request.Method != HttpMethod.Options;
        var pace = Paces.GetOrAdd(Key(request), _ => new Pace());
        var path = request.RequestUri?.AbsolutePath ?? "";

        var response = await SendPacedAsync(request, mutating, pace, cancellationToken);
        var waited = TimeSpan.Zero;
        var unhinted = 0;
        for (var resend = 1; await GitHubRateLimit.ReadAsync(response, time.GetUtcNow(), cancellationToken) is { } limit; resend++)
        {
            // GitHub: without a hint, wait at least a minute, then back off exponentially.
            var wait = limit.Told ?? options.Value.SecondaryRateLimitWait * Math.Pow(2, unhinted++);
            if (resend > MaxResends || waited + wait > options.Value.MaxRateLimitWait)
            {
                Log.GaveUp(logger, (int)response.StatusCode, limit.Kind, request.Method.Method, path, waited.TotalSeconds);
                return response;
            }
            Log.RateLimited(logger, (int)response.StatusCode, limit.Kind, request.Method.Method, path, wait.TotalSeconds);
            response.Dispose();
            await Task.Delay(wait, time, cancellationToken);
            waited += wait;
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

    /// <summary>A copy to send again (a request message is sent once), options included (the safe-to-repeat mark).</summary>
    private static HttpRequestMessage Clone(HttpRequestMessage request, byte[]? body)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
        foreach (var header in request.Headers)
        {
            clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        foreach (var option in request.Options)
        {
            ((IDictionary<string, object?>)clone.Options)[option.Key] = option.Value;
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
        [LoggerMessage(EventId = 311, Level = LogLevel.Warning, Message = "GitHub rate limit ({Status}, {Kind}) on {Method} {Path}: waiting {Seconds:0.#} s, then sending it again")]
        public static partial void RateLimited(ILogger logger, int status, string kind, string method, string path, double seconds);

        [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "GitHub rate limit ({Status}, {Kind}) on {Method} {Path}: given up after waiting {Seconds:0.#} s (GitHub:MaxRateLimitWait)")]
        public static partial void GaveUp(ILogger logger, int status, string kind, string method, string path, double seconds);
    }
}
