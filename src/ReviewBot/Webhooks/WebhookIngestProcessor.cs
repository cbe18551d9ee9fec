using ReviewBot.Publishing;
using Microsoft.Extensions.Primitives;
using Octokit.Webhooks;
using ReviewBot.Jobs;
using ReviewBot.Telemetry;

namespace ReviewBot.Webhooks;

/// <summary>
/// The acknowledgement path. <c>MapGitHubWebhooks</c> has checked the content type and the signature when this runs;
/// here the delivery is routed, de-duplicated and queued, and nothing else, because GitHub waits on the answer.
/// Typed deserialization happens in the worker (<see cref="JobDispatcher"/>), through this same class.
/// </summary>
public sealed partial class WebhookIngestProcessor(
    WebhookRouter router,
    IDeliveryLog deliveries,
    IJobQueue queue,
    CheckRunAnnouncer announcer,
    IHttpContextAccessor http,
    ILogger<WebhookIngestProcessor> logger) : WebhookEventProcessor
{
    /// <summary>A response header that tells whoever reads GitHub's delivery log what became of the delivery.</summary>
    public const string OutcomeHeader = "X-ReviewBot-Outcome";

    private const int MaxOutcomeLength = 200;

    public override async ValueTask ProcessWebhookAsync(IDictionary<string, StringValues> headers, string body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var eventName = headers.TryGetValue("X-GitHub-Event", out var e) ? e.ToString() : "";
        var deliveryId = headers.TryGetValue("X-GitHub-Delivery", out var d) ? d.ToString() : "";
        if (string.IsNullOrWhiteSpace(deliveryId))
        {
            throw new WebhookRejectedException(StatusCodes.Status400BadRequest, "The X-GitHub-Delivery header is missing.");
        }

        if (!IsDeliveryId(deliveryId))
        {
            throw new WebhookRejectedException(StatusCodes.Status400BadRequest, "The X-GitHub-Delivery header must be an id of letters, digits and '-' (GitHub sends a GUID).");
        }

        // The span the queued jobs carry (Job.TraceParent), under the request's: the trace's root on this side of the queue.
        using var activity = ReviewBotTelemetry.Start("webhook");
        activity?.SetTag("github.event", eventName);
        activity?.SetTag("github.delivery", deliveryId);
        switch (router.Route(eventName, deliveryId, body))
        {
            case WebhookRoute.Reject reject:
                Log.Rejected(logger, eventName, deliveryId, reject.Reason);
                throw new WebhookRejectedException(StatusCodes.Status400BadRequest, reject.Reason);

            case WebhookRoute.Ignore ignore:
                Log.Ignored(logger, eventName, deliveryId, ignore.Reason);
                SetOutcome($"ignored: {ignore.Reason}");
                return;

            case WebhookRoute.Enqueue enqueue:
                await EnqueueAsync(eventName, deliveryId, enqueue.Jobs, cancellationToken);
                return;
        }
    }

    private async Task EnqueueAsync(string eventName, string deliveryId, IReadOnlyList<Job> jobs, CancellationToken cancellationToken)
    {
        // A queue that remembers job ids (Redis) is told every delivery, redeliveries too: it runs what never finished, so
        // a delivery answered 200 whose worker then died is healed by GitHub's "Redeliver". Otherwise the log decides.
        var claimed = !queue.RemembersJobs && await deliveries.TryClaimAsync(deliveryId, cancellationToken);
        if (!queue.RemembersJobs && !claimed)
        {
            Log.Duplicate(logger, eventName, deliveryId);
            SetOutcome("duplicate delivery");
            return;
        }

        var outcomes = new List<string>(jobs.Count);
        var taken = 0;
        foreach (var job in jobs)
        {
            var result = await TryEnqueueAsync(eventName, deliveryId, job, claimed, taken, cancellationToken);
            if (result is null)
            {
                outcomes.Add($"not queued (queue full or unreachable) {job.Kind.ToString().ToLowerInvariant()} {job.Key}");
                continue;
            }

            taken++;
            Log.Queued(logger, eventName, deliveryId, job.Kind, job.Key, result.Value);
            if (result == EnqueueResult.Queued && job.Kind == JobKind.Review)
            {
                announcer.Announce(job);
            }
            outcomes.Add($"{result.Value.ToString().ToLowerInvariant()} {job.Kind.ToString().ToLowerInvariant()} {job.Key}");
        }

        if (outcomes.Count > 0 && outcomes.TrueForAll(o => o.StartsWith("finished", StringComparison.Ordinal)))
        {
            Log.Duplicate(logger, eventName, deliveryId);
            SetOutcome("duplicate delivery");
            return;
        }
        SetOutcome(string.Join("; ", outcomes));
    }

    /// <summary>The queue's answer; null when the job was not taken but others of the delivery were (said in the outcome).</summary>
    /// <exception cref="WebhookRejectedException">503 when nothing of the delivery was taken, so GitHub's "Redeliver" works later.</exception>
    private async Task<EnqueueResult?> TryEnqueueAsync(string eventName, string deliveryId, Job job, bool claimed, int taken, CancellationToken cancellationToken)
    {
        EnqueueResult? result = null;
        string why;
        try
        {
            result = await queue.EnqueueAsync(job.Queued(deliveryId), cancellationToken);
            if (result != EnqueueResult.Full)
            {
                return result;
            }
            why = "The job queue is full; redeliver later.";
        }
        catch (JobQueueUnavailableException ex)
        {
            Log.LogUnavailable(logger, eventName, deliveryId, ex.Message);
            why = "The job queue is not reachable; redeliver later.";
        }

        // With a queue that remembers job ids, a redelivery only queues what is missing: better a 503 for the whole delivery
        // than a 200 that leaves a job out for good.
        if (taken == 0 || queue.RemembersJobs)
        {
            if (claimed)
            {
                await deliveries.ReleaseAsync(deliveryId, CancellationToken.None);
            }
            if (result == EnqueueResult.Full)
            {
                // An unreachable queue was said once for the outage (RedisConnection), not once per delivery.
                Log.QueueFull(logger, eventName, deliveryId, why);
            }
            throw new WebhookRejectedException(StatusCodes.Status503ServiceUnavailable, why);
        }

        // Some jobs of this delivery were taken: with a claim, a redelivery would run those twice, so the claim stays and the rest is said.
        Log.PartlyQueued(logger, eventName, deliveryId, job.Key, why);
        return null;
    }

    private static bool IsDeliveryId(string id) => id.Length <= 100 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private void SetOutcome(string outcome)
    {
        if (http.HttpContext is { Response.HasStarted: false } context)
        {
            context.Response.Headers[OutcomeHeader] = HeaderValue.Encode(outcome, MaxOutcomeLength);
        }
    }

    private static partial class Log
    {
        // Debug, as is Duplicate: a line per delivery took a fifth of the CPU at ingest rates and made requests queue on the
        // console logger's lock. WebhookSummary logs the counts (WebhookTally) once a minute instead.
        [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "Delivery {DeliveryId} ({Event}): {Result} {Kind} job for {Key}")]
        public static partial void Queued(ILogger logger, string @event, string deliveryId, JobKind kind, string key, EnqueueResult result);

        [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "Delivery {DeliveryId} ({Event}) ignored: {Reason}")]
        public static partial void Ignored(ILogger logger, string @event, string deliveryId, string reason);

        [LoggerMessage(EventId = 303, Level = LogLevel.Debug, Message = "Delivery {DeliveryId} ({Event}) was already handled; no new job")]
        public static partial void Duplicate(ILogger logger, string @event, string deliveryId);

        [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} ({Event}) rejected: {Reason}")]
        public static partial void Rejected(ILogger logger, string @event, string deliveryId, string reason);

        [LoggerMessage(EventId = 306, Level = LogLevel.Error, Message = "Delivery {DeliveryId} ({Event}): the job for {Key} was not queued, the delivery's other jobs were: {Reason}")]
        public static partial void PartlyQueued(ILogger logger, string @event, string deliveryId, string key, string reason);

        // Debug: the outage itself is logged once, where it starts and ends (RedisConnection), not once per delivery it refuses.
        [LoggerMessage(EventId = 307, Level = LogLevel.Debug, Message = "Delivery {DeliveryId} ({Event}): {Reason}")]
        public static partial void LogUnavailable(ILogger logger, string @event, string deliveryId, string reason);

        [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} ({Event}) refused: {Reason}")]
        public static partial void QueueFull(ILogger logger, string @event, string deliveryId, string reason);
    }
}
