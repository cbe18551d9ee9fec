using System.Globalization;
using System.Net;

namespace ReviewBot.GitHub;

/// <summary>
/// A rate-limited answer as GitHub documents them: 429, or 403 with <c>Retry-After</c>, with <c>x-ratelimit-remaining: 0</c>,
/// or with a message about a (secondary) rate limit. Any other 403 is a permission refusal and is not a rate limit.
/// <see cref="Told"/> is the wait GitHub asked for (<c>Retry-After</c>, else until <c>x-ratelimit-reset</c> when the
/// limit is spent), null when it said nothing and the caller must choose (at least a minute, GitHub says).
/// </summary>
public sealed record GitHubRateLimit(string Kind, TimeSpan? Told)
{
    private const int MaxBodyToRead = 64 * 1024;

    public static async Task<GitHubRateLimit?> ReadAsync(HttpResponseMessage response, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests))
        {
            return null;
        }
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            var told = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : TimeSpan.Zero);
            return new GitHubRateLimit("Retry-After", NotNegative(told));
        }
        if (Header(response, "x-ratelimit-remaining") == "0")
        {
            return long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset)
                ? new GitHubRateLimit("rate limit spent", NotNegative(DateTimeOffset.FromUnixTimeSeconds(reset) - now))
                : new GitHubRateLimit("rate limit spent", null);
        }
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return new GitHubRateLimit("429", null);
        }
        // A 403 without the headers: only its message tells a secondary rate limit from a refusal.
        var message = await MessageAsync(response, cancellationToken);
        return message.Contains("rate limit", StringComparison.OrdinalIgnoreCase) || message.Contains("abuse detection", StringComparison.OrdinalIgnoreCase)
            ? new GitHubRateLimit("secondary rate limit", null)
            : null;
    }

    /// <summary>The body of a 403 (GitHub's are small; a huge one is no rate-limit message). Reading buffers it, so Octokit still can.</summary>
    private static async Task<string> MessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is > MaxBodyToRead)
        {
            return "";
        }
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private static TimeSpan NotNegative(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
