using ReviewBot.Caching;
using ReviewBot.Hosting;
using StackExchange.Redis;

namespace ReviewBot.Jobs;

/// <summary>
/// Every third of <see cref="JobsOptions.VisibilityTimeout"/>: renews this instance's leases (a lease found taken over
/// marks its job lost, so it writes nothing more; a newer head commit cancels a running review), keeps its stream entries
/// claimed, and takes over the entries of workers that stopped renewing theirs, sending to the dead letters those started
/// <see cref="JobsOptions.MaxAttempts"/> times; then deletes the consumers of workers gone for good.
/// </summary>
public sealed partial class RedisJobHeartbeat(
    RedisJobQueue queue,
    RedisConnection redis,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<RedisJobHeartbeat> logger) : BackgroundService
{
    private TimeSpan Period => options.Value.VisibilityTimeout / 3;

    // Where the last XAUTOCLAIM stopped: each call scans a bounded stretch of the pending list, so the next goes on from there.
    private RedisValue _claimCursor = "0-0";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(nameof(RedisJobHeartbeat), BeatAsync, logger, time, stoppingToken);

    private async Task BeatAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(Period, time, stoppingToken);
        if (!redis.TryGet(out var connection))
        {
            return;
        }
        var db = connection.GetDatabase();
        try
        {
            await RenewAsync(db);
            await KeepClaimedAsync(db);
            await TakeOverAsync(db);
            await ForgetDeadConsumersAsync(db);
            queue.DeadLetters = await db.StreamLengthAsync(RedisKeys.DeadJobs);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // A lease not renewed through a long outage expires, and its job is then someone else's: the fence stops this one.
            redis.ReportFailure("renewing job leases", ex);
        }
    }

    private async Task RenewAsync(IDatabase db)
    {
        var leaseMs = (long)options.Value.VisibilityTimeout.TotalMilliseconds;
        foreach (var held in queue.HeldNow)
        {
            var job = held.Lease.Job;
            var answer = (string?)await db.ScriptEvaluateAsync(RedisJobScripts.Renew,
                [RedisKeys.Lease(job.Key), RedisKeys.InstallationRunning(job.InstallationId), RedisKeys.Head(job.Key)],
                [held.Holder, leaseMs, job.Key, job.Kind == JobKind.Review ? held.Head ?? "" : ""]);
            if (answer is not null && answer != "lost")
            {
                held.Renewed = time.GetTimestamp();
            }
            if (answer == "lost")
            {
                Log.Lost(logger, job.Kind, job.Key, job.Id);
                held.Lease.MarkLost();
            }
            else if (answer?.StartsWith("superseded:", StringComparison.Ordinal) == true)
            {
                var sha = answer["superseded:".Length..];
                Log.CancellingRunning(logger, job.Id, job.Key, job.HeadSha, sha);
                held.Lease.Cancel($"superseded by a newer commit {(sha.Length > 7 ? sha[..7] : sha)}");
            }
        }
    }

    /// <summary>Resets the idle time of every entry this instance holds, so no other instance takes it over while it lives.</summary>
    private async Task KeepClaimedAsync(IDatabase db)
    {
        RedisValue[] ids = [.. queue.HeldNow.Select(h => h.Entry.Id), .. queue.BufferedIds()];
        if (ids.Length > 0)
        {
            await db.StreamClaimIdsOnlyAsync(RedisKeys.Jobs, RedisKeys.JobGroup, queue.Worker, 0, ids);
        }
    }

    private async Task TakeOverAsync(IDatabase db)
    {
        var idleMs = (long)options.Value.VisibilityTimeout.TotalMilliseconds;
        var claimed = await db.StreamAutoClaimAsync(RedisKeys.Jobs, RedisKeys.JobGroup, queue.Worker, idleMs, _claimCursor, options.Value.Workers * 2 + 2);
        _claimCursor = claimed.NextStartId;
        foreach (var entry in claimed.ClaimedEntries)
        {
            if (queue.Knows(entry.Id))
            {
                continue;
            }
            var pending = await db.StreamPendingMessagesAsync(RedisKeys.Jobs, RedisKeys.JobGroup, 1, queue.Worker, entry.Id, entry.Id);
            var attempts = pending.Length > 0 ? pending[0].DeliveryCount : 1;
            Log.TookOver(logger, entry.Id.ToString(), attempts);
            await queue.AdmitAsync(entry, attempts);
        }
    }

    /// <summary>
    /// A process that ended leaves its consumer in the group for good. Once its entries were taken over it holds none,
    /// and after three visibility timeouts of silence it is deleted: a live instance reads or claims every period, and
    /// one that is deleted all the same (it held nothing) is made again by its next read.
    /// </summary>
    private async Task ForgetDeadConsumersAsync(IDatabase db)
    {
        var idleMs = (long)(options.Value.VisibilityTimeout * 3).TotalMilliseconds;
        var removed = (long)await db.ScriptEvaluateAsync(RedisJobScripts.DeleteIdleConsumers, [RedisKeys.Jobs], [RedisKeys.JobGroup, queue.Worker, idleMs]);
        if (removed > 0)
        {
            Log.ForgotConsumers(logger, removed);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 244, Level = LogLevel.Information, Message = "Deleted {Count} consumer(s) of workers that stopped and hold no jobs from the consumer group")]
        public static partial void ForgotConsumers(ILogger logger, long count);

        [LoggerMessage(EventId = 241, Level = LogLevel.Warning, Message = "{Kind} job for {Key} ({JobId}) was taken over by another worker (this one missed its lease); it writes nothing more")]
        public static partial void Lost(ILogger logger, JobKind kind, string key, string jobId);

        [LoggerMessage(EventId = 242, Level = LogLevel.Information, Message = "Cancelling running job {JobId} for {Key} at {OldSha}: superseded by {NewSha}")]
        public static partial void CancellingRunning(ILogger logger, string jobId, string key, string? oldSha, string newSha);

        [LoggerMessage(EventId = 243, Level = LogLevel.Warning, Message = "Took over stream entry {EntryId} from a worker that stopped (attempt {Attempts})")]
        public static partial void TookOver(ILogger logger, string entryId, int attempts);
    }
}
