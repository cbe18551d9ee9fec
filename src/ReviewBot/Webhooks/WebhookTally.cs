using ReviewBot.Telemetry;

namespace ReviewBot.Webhooks;

/// <summary>
/// Counts what became of each delivery, read from its answer (status and <see cref="WebhookIngestProcessor.OutcomeHeader"/>),
/// so the log carries one summary per <see cref="WebhooksOptions.SummaryInterval"/> (<see cref="WebhookSummary"/>) rather
/// than a line per delivery: at thousands of deliveries a second, a console line each took a fifth of the service's CPU
/// and made requests queue on the console logger's lock.
/// </summary>
public sealed class WebhookTally
{
    private readonly long[] _counts = new long[Enum.GetValues<WebhookOutcome>().Length];

    /// <summary>The events the metric names; any other (or a header an unsigned request made up) is counted as "other".</summary>
    private static readonly HashSet<string> KnownEvents = new(StringComparer.Ordinal)
    {
        "pull_request", "issue_comment", "pull_request_review_comment", "pull_request_review_thread", "check_run", "check_suite",
        "installation", "installation_repositories", "ping",
    };

    /// <summary>Counts one answered delivery, here and in the <c>reviewbot.webhooks</c> metric.</summary>
    public void Count(int status, string? outcome, string? eventName = null)
    {
        var kind = Classify(status, outcome ?? "");
        Interlocked.Increment(ref _counts[(int)kind]);
        Metrics.Webhook(eventName is not null && KnownEvents.Contains(eventName) ? eventName : "other", OutcomeNames[(int)kind]);
    }

    private static readonly string[] OutcomeNames = [.. Enum.GetNames<WebhookOutcome>().Select(n => n == nameof(WebhookOutcome.NotQueued) ? "coalesced" : n.ToLowerInvariant())];

    /// <summary>The counts since the last call, which start again from zero.</summary>
    public WebhookCounts Take()
    {
        long Take(WebhookOutcome outcome) => Interlocked.Exchange(ref _counts[(int)outcome], 0);
        return new(Take(WebhookOutcome.Queued), Take(WebhookOutcome.NotQueued), Take(WebhookOutcome.Duplicate), Take(WebhookOutcome.Ignored),
            Take(WebhookOutcome.Rejected), Take(WebhookOutcome.Refused), Take(WebhookOutcome.Failed));
    }

    // A 2xx outcome is "queued review K", "coalesced review K", "duplicate delivery", "ignored: why", or one entry per job
    // joined by "; " for a delivery that made several.
    private static WebhookOutcome Classify(int status, string outcome) => status switch
    {
        >= 200 and < 300 when outcome.StartsWith("queued ", StringComparison.Ordinal) || outcome.Contains("; queued ", StringComparison.Ordinal) => WebhookOutcome.Queued,
        >= 200 and < 300 when outcome.StartsWith("duplicate", StringComparison.Ordinal) => WebhookOutcome.Duplicate,
        >= 200 and < 300 when outcome.StartsWith("ignored", StringComparison.Ordinal) => WebhookOutcome.Ignored,
        >= 200 and < 300 => WebhookOutcome.NotQueued,
        StatusCodes.Status503ServiceUnavailable => WebhookOutcome.Refused,
        >= 400 and < 500 => WebhookOutcome.Rejected,
        _ => WebhookOutcome.Failed,
    };

    private enum WebhookOutcome
    {
        Queued,
        NotQueued,
        Duplicate,
        Ignored,
        Rejected,
        Refused,
        Failed,
    }
}

/// <summary>Deliveries answered in an interval, by what became of them.</summary>
/// <param name="Queued">2xx with at least one new job.</param>
/// <param name="NotQueued">2xx with no new job: each was coalesced into one already queued or running (same head commit).</param>
/// <param name="Duplicates">2xx for a delivery id seen before.</param>
/// <param name="Ignored">2xx for an event or action nothing is done for.</param>
/// <param name="Rejected">4xx: malformed, badly signed, too large.</param>
/// <param name="Refused">503: Redis unreachable or the queue full; GitHub lists them for redelivery.</param>
/// <param name="Failed">Any other status (a 500 is a bug).</param>
public readonly record struct WebhookCounts(long Queued, long NotQueued, long Duplicates, long Ignored, long Rejected, long Refused, long Failed)
{
    public long Total => Queued + NotQueued + Duplicates + Ignored + Rejected + Refused + Failed;
}
