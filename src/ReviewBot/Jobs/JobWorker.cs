using ReviewBot.Hosting;
using ReviewBot.Telemetry;

namespace ReviewBot.Jobs;

/// <summary>
/// Drains the queue with <see cref="JobsOptions.Workers"/> loops, one DI scope per job. This is the one place that
/// catches every exception: a job that fails is logged with its key and the loop goes on.
/// </summary>
public sealed partial class JobWorker(
    IJobQueue queue,
    IServiceScopeFactory scopes,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<JobWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Metrics.ObserveQueueDepth(() => queue.Pending.Count);
        return Task.WhenAll(Enumerable.Range(0, options.Value.Workers).Select(_ => RunLoopAsync(stoppingToken)));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var dropped = queue.Pending;
        if (dropped.Count > 0 && queue is InProcessJobQueue && logger.IsEnabled(LogLevel.Warning))
        {
            Log.DroppedAtShutdown(logger, dropped.Count, string.Join(", ", dropped.Select(j => $"{j.Kind} {j.Key}").Distinct().Take(20)));
        }
    }

    private Task RunLoopAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(nameof(JobWorker), async stopping => await RunAsync(await queue.DequeueAsync(stopping), stopping), logger, time, stoppingToken);

    private async Task RunAsync(JobLease lease, CancellationToken stoppingToken)
    {
        var job = lease.Job;
        if (stoppingToken.IsCancellationRequested)
        {
            // Taken in the moment the service began to stop: not started here.
            lease.GiveBack();
            return;
        }
        // Every line logged while the job runs, by any class, carries these (the console's scopes, JSON's "Scopes").
        using var logScope = logger.BeginScope(JobScope.Of(job));
        using var activity = ReviewBotTelemetry.StartFrom("job " + job.Kind, job.TraceParent);
        JobScope.Tag(activity, job);
        if (job.QueuedAt is { } queuedAt)
        {
            Metrics.Waited(job.Kind.ToString(), TimeProvider.System.GetUtcNow() - queuedAt);
        }
        var givenBack = false;
        // On shutdown a running job gets the grace period to finish; then it is cancelled and given back (with Redis another
        // instance runs it; in process the reconciler queues its review again).
        using var stopping = stoppingToken.Register(() => lease.CancelAfter(options.Value.ShutdownGrace, "the service is shutting down"));
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<JobDispatcher>().RunAsync(lease);
            Log.Completed(logger, job.Kind, job.Key, job.Id, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (lease.CancellationToken.IsCancellationRequested)
        {
            Log.Cancelled(logger, job.Kind, job.Key, job.Id, job.HeadSha, lease.CancellationReason ?? "cancelled");
            activity.Fail("cancelled");
            // Only a job that the shutdown cut short is given back; one that ended on its own is done, even if the grace
            // period ran out just after (a forced review given back then would be posted twice).
            givenBack = stoppingToken.IsCancellationRequested && !lease.IsLost;
        }
#pragma warning disable CA1031 // The job boundary: one failed job must not stop the worker.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            activity.Fail(ex.GetType().Name);
            if (Outage.Describe(ex) is { } outage)
            {
                Log.FailedOnOutage(logger, job.Kind, job.Key, job.Id, job.HeadSha, outage);
            }
            else
            {
                Log.Failed(logger, ex, job.Kind, job.Key, job.Id, job.HeadSha);
            }
        }
        finally
        {
            if (givenBack)
            {
                lease.GiveBack();
            }
            else
            {
                lease.Complete();
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 211, Level = LogLevel.Information, Message = "{Kind} job for {Key} ({JobId}) finished in {ElapsedMs:F0} ms")]
        public static partial void Completed(ILogger logger, JobKind kind, string key, string jobId, double elapsedMs);

        [LoggerMessage(EventId = 212, Level = LogLevel.Warning, Message = "{Kind} job for {Key} ({JobId}) at {HeadSha} was cancelled: {Reason}")]
        public static partial void Cancelled(ILogger logger, JobKind kind, string key, string jobId, string? headSha, string reason);

        [LoggerMessage(EventId = 213, Level = LogLevel.Error, Message = "{Kind} job for {Key} ({JobId}) at {HeadSha} failed")]
        public static partial void Failed(ILogger logger, Exception exception, JobKind kind, string key, string jobId, string? headSha);

        [LoggerMessage(EventId = 215, Level = LogLevel.Warning, Message = "{Kind} job for {Key} ({JobId}) at {HeadSha} failed: {Reason}")]
        public static partial void FailedOnOutage(ILogger logger, JobKind kind, string key, string jobId, string? headSha, string reason);

        [LoggerMessage(EventId = 214, Level = LogLevel.Warning, Message = "Shutting down with {Count} queued job(s) not started; the in-process queue does not keep them (the reconciler queues their reviews again within its period; with Redis they are kept): {Jobs}")]
        public static partial void DroppedAtShutdown(ILogger logger, int count, string jobs);
    }
}
