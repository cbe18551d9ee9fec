using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;

namespace ReviewBot.GitHub;

/// <summary>
/// The Polly standard pipeline for GitHub calls, as configured from <c>GitHub:Resilience</c>, with GitHub's rules on top:
/// transient failures (5xx, 408, timeouts, dropped connections) are retried for reads and for writes marked safe to
/// repeat (<see cref="GitHubRequests"/>), never for other writes; a call the open circuit breaker stopped was never sent,
/// so it is retried whatever its method, after the break. Rate limits (429, and 403s that are rate limits) are not
/// Polly's: the pacing handler outside the pipeline waits them out as GitHub documents, and they do not count as failures
/// towards opening the breaker.
/// </summary>
public static class GitHubResilience
{
    public static void Configure(HttpStandardResilienceOptions options, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(options);
        // A breaker for outages, not for a bad minute: it opens when half the calls fail (the default is a tenth).
        options.CircuitBreaker.FailureRatio = 0.5;
        section.Bind(options);

        options.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome));
        options.Retry.ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is BrokenCircuitException
            || (IsFailure(args.Outcome)
                && (args.Outcome.Result?.RequestMessage ?? args.Context.GetRequestMessage()) is { } request
                && GitHubRequests.IsSafeToRepeat(request)));
        var delays = options.Retry.DelayGenerator;
        options.Retry.DelayGenerator = args => args.Outcome.Exception is BrokenCircuitException { RetryAfter: { } wait }
            ? ValueTask.FromResult<TimeSpan?>(wait)
            : delays?.Invoke(args) ?? ValueTask.FromResult<TimeSpan?>(null);
    }

    private static bool IsFailure(Outcome<HttpResponseMessage> outcome) =>
        HttpClientResiliencePredicates.IsTransient(outcome) && outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests;
}
