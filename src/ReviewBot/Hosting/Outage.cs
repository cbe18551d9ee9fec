using System.ClientModel;
using Octokit;
using Polly;

namespace ReviewBot.Hosting;

/// <summary>
/// Failures that are the world's, not a bug's: GitHub or the model answered with an error or not at all, or git failed.
/// They are logged as one line (what and why), without a stack trace that would only repeat the same frames each time.
/// </summary>
public static class Outage
{
    /// <summary>A one-line description of an expected failure, or null when the exception is a bug worth its stack trace.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        ApiException api => $"GitHub answered {(int)api.StatusCode} {api.StatusCode}: {api.Message}",
        HttpRequestException http => $"HTTP request failed: {http.Message}",
        ExecutionRejectedException rejected => $"{rejected.GetType().Name}: {rejected.Message}",
        TimeoutException timeout => $"timed out: {timeout.Message}",
        OperationCanceledException cancelled => $"did not answer in time ({cancelled.GetType().Name})",
        ClientResultException model => $"the model server answered {model.Status}: {model.Message}",
        IOutage outage => outage.OneLine,
        _ => null,
    };
}

/// <summary>An exception a part throws for an outage or a missing setting it can put in one line (git failed, no App key).</summary>
public interface IOutage
{
    string OneLine { get; }
}
