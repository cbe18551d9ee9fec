using ReviewBot.Hosting;

namespace ReviewBot.Webhooks;

/// <summary>
/// Logs the <see cref="WebhookTally"/> once per <see cref="WebhooksOptions.SummaryInterval"/>, nothing for an interval
/// without deliveries, and the last partial interval when the service stops. Each delivery's own line is Debug.
/// </summary>
public sealed partial class WebhookSummary(WebhookTally tally, IOptions<WebhooksOptions> options, TimeProvider time, ILogger<WebhookSummary> logger)
    : BackgroundService
{
    private long _since = time.GetTimestamp();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(nameof(WebhookSummary), async cancellationToken =>
        {
            await Task.Delay(options.Value.SummaryInterval, time, cancellationToken);
            Write();
        }, logger, time, stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Write();
    }

    private void Write()
    {
        var counts = tally.Take();
        var seconds = time.GetElapsedTime(Interlocked.Exchange(ref _since, time.GetTimestamp())).TotalSeconds;
        if (counts.Total > 0)
        {
            Log.Summary(logger, counts.Total, seconds, counts.Queued, counts.NotQueued, counts.Duplicates, counts.Ignored,
                counts.Rejected, counts.Refused, counts.Failed);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 321, Level = LogLevel.Information, Message = "Webhooks: {Deliveries} deliveries in {Seconds:0.#} s: {Queued} queued a job, {NotQueued} coalesced into a queued one, {Duplicates} duplicates, {Ignored} ignored, {Rejected} rejected (4xx), {Refused} refused (503), {Failed} failed (other)")]
        public static partial void Summary(ILogger logger, long deliveries, double seconds, long queued, long notQueued, long duplicates,
            long ignored, long rejected, long refused, long failed);
    }
}
