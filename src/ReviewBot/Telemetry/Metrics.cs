using System.Diagnostics.Metrics;

namespace ReviewBot.Telemetry;

/// <summary>
/// The service's instruments. Every label takes values from a small set (an event name GitHub sends, an outcome, a
/// priority, a configured model, a route template), never an id or a raw path, and a repository only for feedback
/// (<see cref="Feedback"/>), so a series per value stays a few hundred series in all.
/// </summary>
public static class Metrics
{
    private static readonly Meter Meter = ReviewBotTelemetry.Meter;

    private static readonly Counter<long> Webhooks = Meter.CreateCounter<long>("reviewbot.webhooks", "{delivery}", "Webhook deliveries answered, by event and outcome.");

    private static readonly Histogram<double> QueueWait = Meter.CreateHistogram<double>("reviewbot.queue.wait", "s", "Time from a job's enqueue to its start, by kind.");

    private static readonly Counter<long> Reviews = Meter.CreateCounter<long>("reviewbot.reviews", "{review}", "Reviews ended, by outcome.");

    private static readonly Histogram<double> ReviewDuration = Meter.CreateHistogram<double>("reviewbot.review.duration", "s", "Time a review took, by outcome.");

    private static readonly Counter<long> Findings = Meter.CreateCounter<long>("reviewbot.findings", "{finding}", "Findings reviews reported (verified and selected), by priority.");

    private static readonly Counter<long> DroppedFindings = Meter.CreateCounter<long>("reviewbot.findings.dropped", "{finding}", "Findings the model gave that were not published, by stage and reason.");

    private static readonly Counter<long> ModelTokens = Meter.CreateCounter<long>("reviewbot.model.tokens", "{token}", "Tokens as the provider counted them, by model and kind (input, cached, output); cached tokens are part of input.");

    private static readonly Histogram<double> ModelDuration = Meter.CreateHistogram<double>("reviewbot.model.duration", "s", "Time of one model call, by model and outcome.");

    private static readonly Counter<long> GitHubCalls = Meter.CreateCounter<long>("reviewbot.github.calls", "{call}", "HTTP calls to GitHub (each attempt), by method, route template and status.");

    private static readonly Gauge<long> GitHubRateLimit = Meter.CreateGauge<long>("reviewbot.github.ratelimit.remaining", "{call}", "Calls left in GitHub's rate-limit window as its last answer said, by resource.");

    private static readonly Counter<long> FeedbackSignals = Meter.CreateCounter<long>("reviewbot.feedback", "{signal}", "What people said of findings, by repository and kind (accepted, rejected); each signal counted once.");

    private static readonly Counter<long> Fixes = Meter.CreateCounter<long>("reviewbot.fixes", "{fix}", "Fix attempts ended, by outcome.");

    private static Func<long>? _queueDepth;

    static Metrics()
    {
        Meter.CreateObservableGauge("reviewbot.queue.depth", () => _queueDepth?.Invoke() ?? 0, "{job}", "Jobs waiting to start in this instance.");
    }

    /// <summary>Where the queue depth is read from; the last queue to start is the one observed (one per process).</summary>
    public static void ObserveQueueDepth(Func<long> depth) => _queueDepth = depth;

    public static void Webhook(string @event, string outcome) =>
        Webhooks.Add(1, new("event", Bounded(@event)), new("outcome", outcome));

    public static void Waited(string kind, TimeSpan wait) => QueueWait.Record(Math.Max(0, wait.TotalSeconds), new KeyValuePair<string, object?>("kind", kind));

    public static void Reviewed(string outcome, TimeSpan duration)
    {
        Reviews.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        ReviewDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
    }

    public static void Found(string priority, int count) => Findings.Add(count, new KeyValuePair<string, object?>("priority", priority));

    public static void Dropped(string stage, string reason, int count = 1) =>
        DroppedFindings.Add(count, new("stage", stage), new("reason", reason));

    public static void ModelCalled(string model, string outcome, TimeSpan duration, long input, long cached, long output)
    {
        var name = new KeyValuePair<string, object?>("model", Bounded(model));
        ModelDuration.Record(duration.TotalSeconds, name, new("outcome", outcome));
        ModelTokens.Add(input, name, new("kind", "input"));
        ModelTokens.Add(cached, name, new("kind", "cached"));
        ModelTokens.Add(output, name, new("kind", "output"));
    }

    public static void GitHubCalled(string method, string route, int status) =>
        GitHubCalls.Add(1, new("method", method), new("route", route), new("status", status));

    public static void RateLimitRemaining(string resource, long remaining) =>
        GitHubRateLimit.Record(remaining, new KeyValuePair<string, object?>("resource", Bounded(resource)));

    public static void Fixed(string outcome) => Fixes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>
    /// One acceptance or rejection. The one label that names a repository: feedback is read per repository, and there is
    /// one series per repository the App is installed on that had any, not one per pull request or comment.
    /// </summary>
    public static void Feedback(string repository, string kind) =>
        FeedbackSignals.Add(1, new("repository", Bounded(repository.ToLowerInvariant())), new("kind", kind));

    /// <summary>A value from outside (an event name, a header) kept to a short name, so a hostile one cannot grow a series without end.</summary>
    private static string Bounded(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '/') ? value : "other";
}
