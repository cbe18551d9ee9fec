using System.Net;
using Octokit;
using Polly;
using Polly.CircuitBreaker;

namespace ReviewBot.GitHub;

/// <summary>
/// What a failed GitHub call tells: a refusal (a 4xx other than a rate limit) will be the same answer next time; a rate
/// limit the pacing handler already waited out as far as allowed; anything else (5xx, a timeout, a dropped connection,
/// the circuit breaker open) is transient, and for a write its outcome is unknown: GitHub may have taken it.
/// </summary>
public static class GitHubFailure
{
    /// <summary>An exception a GitHub call ends with when GitHub failed or refused, as opposed to a bug of ours.</summary>
    public static bool IsGitHubFailure(Exception exception) => exception is ApiException or HttpRequestException
        or ExecutionRejectedException or TimeoutException or OperationCanceledException or UnknownOutcomeException;

    public static bool IsRateLimit(Exception exception) => exception is RateLimitExceededException or SecondaryRateLimitExceededException
        or AbuseException || exception is ApiException { StatusCode: HttpStatusCode.TooManyRequests };

    /// <summary>GitHub answered and said no (404, 422, a permission 403...): repeating the call changes nothing.</summary>
    public static bool IsRefusal(Exception exception) =>
        exception is ApiException { StatusCode: var status } && (int)status is >= 400 and < 500
        && status != HttpStatusCode.RequestTimeout && !IsRateLimit(exception);

    /// <summary>Worth trying again: neither a refusal nor a rate limit that has already been waited for.</summary>
    public static bool IsTransient(Exception exception) => IsGitHubFailure(exception) && !IsRefusal(exception) && !IsRateLimit(exception)
        && exception is not UnknownOutcomeException;

    /// <summary>True when the call never reached GitHub (the circuit breaker was open).</summary>
    public static bool NeverSent(Exception exception) => exception is BrokenCircuitException;

    /// <summary>True for a timeout or rejection from the GitHub pipeline (not the model's).</summary>
    public static bool IsFromGitHubPipeline(Exception exception) =>
        exception is ExecutionRejectedException { TelemetrySource.PipelineName: { } pipeline }
        && pipeline.StartsWith(OctokitClients.HttpClientName + "-", StringComparison.Ordinal);

    /// <summary>A short reason for a log line or a check run: the status, or what went wrong on the way.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        ApiException { StatusCode: var status } => $"GitHub answered {(int)status}",
        Polly.Timeout.TimeoutRejectedException => "GitHub did not answer in time",
        BrokenCircuitException => "GitHub failed too often just before, so calls were paused",
        TimeoutException or OperationCanceledException => "GitHub did not answer in time",
        HttpRequestException { StatusCode: { } status } => $"GitHub answered {(int)status}",
        HttpRequestException => "the connection to GitHub failed",
        UnknownOutcomeException => "GitHub did not say whether it took a write, so it was not sent again",
        _ => exception.GetType().Name,
    };
}
