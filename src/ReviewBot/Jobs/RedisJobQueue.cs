using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using ReviewBot.Caching;
using StackExchange.Redis;

namespace ReviewBot.Jobs;

/// <summary>
/// The durable queue, on a Redis stream read by one consumer group, for any number of instances. A job is acknowledged
/// only when its work ended (<see cref="End"/>), so a worker that dies leaves it pending, and another instance takes it
/// over after <see cref="JobsOptions.VisibilityTimeout"/> (<see cref="RedisJobHeartbeat"/>). One key (one pull request)
/// runs on one worker at a time through a lease with a fencing token; a job id is remembered as queued, running or done, so
/// a redelivered webhook runs only what never finished.
/// </summary>
public sealed partial class RedisJobQueue(RedisConnection redis, IOptions<JobsOptions> options, TimeProvider time, ILogger<RedisJobQueue> logger)
    : IJobQueue, IHostedService, IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<Entry> _buffer = [];
    private readonly ConcurrentDictionary<string, Held> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _ending = new();
    private readonly SemaphoreSlim _taking = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private volatile bool _groupReady;

    /// <summary>This instance's consumer name in the group: unique per process, so a restart is a new worker.</summary>
    public string Worker { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    public bool RemembersJobs => true;

    public IReadOnlyList<Job> Pending
    {
        get
        {
            lock (_lock)
            {
                return _buffer.Select(e => e.Job!).ToList();
            }
        }
    }

    /// <summary>Jobs in the dead-letter stream, as last counted by the heartbeat; null before the first count.</summary>
    public long? DeadLetters { get; internal set; }

    private JobsOptions Options => options.Value;

    /// <summary>How many keys one instance holds unstarted entries of: enough to pass over a few blocked keys, few enough to leave work to the others.</summary>
    private int BufferSize => Options.Workers * 2 + 2;

    /// <summary>How many entries in all: those of a key beyond its first wait behind it here, in order, up to this many.</summary>
    private int BufferLimit => BufferSize * 8;

    private long LeaseMs => (long)Options.VisibilityTimeout.TotalMilliseconds;

    private long RetentionMs => (long)Options.JobRetention.TotalMilliseconds;

    public async ValueTask<EnqueueResult> EnqueueAsync(Job job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var review = job.Kind == JobKind.Review;
        var result = (string?)await CallAsync("queueing a job", db => db.ScriptEvaluateAsync(RedisJobScripts.Enqueue,
            [RedisKeys.Jobs, RedisKeys.JobState(job.Id), RedisKeys.Head(job.Key)],
            [job.Id, JobJson.Write(job), review ? "1" : "0", job.HeadSha ?? "", job.Forced ? "1" : "0", RetentionMs, Options.MaxQueuedJobs,
                RedisKeys.JobStatePrefix, RedisKeys.JobsWake]));
        return result switch
        {
            "queued" => EnqueueResult.Queued,
            "coalesced" => EnqueueResult.Coalesced,
            "finished" => EnqueueResult.Finished,
            "full" => EnqueueResult.Full,
            _ => throw new InvalidOperationException($"The enqueue script answered '{result}'."),
        };
    }

    public async ValueTask<JobLease> DequeueAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            JobLease? lease = null;
            await _taking.WaitAsync(cancellationToken);
            try
            {
                lease = await TryTakeAsync();
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                redis.ReportFailure("reading jobs", ex);
                _groupReady = false;
            }
            finally
            {
                _taking.Release();
            }

            if (lease is not null)
            {
                return lease;
            }
            await WaitForWorkAsync(cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(() => SubscribeAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Gives back what this instance took and did not start, and waits for the ends of finished jobs to be written.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        List<Entry> unstarted;
        lock (_lock)
        {
            unstarted = [.. _buffer];
            _buffer.Clear();
        }
        foreach (var entry in unstarted)
        {
            Track(EndAsync(entry, null, EndKind.GiveBack));
        }
        await Task.WhenAll(_ending.Keys).WaitAsync(Options.ShutdownGrace + TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (unstarted.Count > 0)
        {
            Log.GaveBack(logger, unstarted.Count);
        }
    }

    private async Task<JobLease?> TryTakeAsync()
    {
        if (!redis.TryGet(out var connection))
        {
            return null;
        }
        var db = connection.GetDatabase();
        await EnsureGroupAsync(db);
        await ReadNewAsync(db);
        await ReadPastBusyInstallationsAsync(db);
        foreach (var entry in Ready())
        {
            if (await TryLeaseAsync(db, entry) is { } lease)
            {
                return lease;
            }
        }
        return null;
    }

    /// <summary>Takes an entry read or claimed from the stream into the buffer; one that is not a job goes to the dead letters.</summary>
    internal async Task AdmitAsync(StreamEntry raw, int attempts)
    {
        var json = (string?)raw["job"] ?? "";
        Job job;
        try
        {
            job = JobJson.Read(json);
        }
        catch (JsonException ex)
        {
            Log.Unreadable(logger, raw.Id.ToString(), ex.Message);
            await EndAsync(new Entry(raw.Id, null, json), null, EndKind.Dead);
            return;
        }

        var entry = new Entry(raw.Id, job, json);
        if (attempts > Options.MaxAttempts)
        {
            Log.DeadLettered(logger, job.Kind, job.Key, job.Id, attempts - 1);
            await EndAsync(entry, null, EndKind.Dead);
            return;
        }
        lock (_lock)
        {
            _buffer.Add(entry);
        }
    }

    private async Task<JobLease?> TryLeaseAsync(IDatabase db, Entry entry)
    {
        var job = entry.Job!;
        var answer = (RedisResult[])(await db.ScriptEvaluateAsync(RedisJobScripts.Acquire,
            [RedisKeys.Lease(job.Key), RedisKeys.Fence(job.Key), RedisKeys.InstallationRunning(job.InstallationId), RedisKeys.JobState(job.Id), RedisKeys.Head(job.Key)],
            [Worker, LeaseMs, Options.MaxPerInstallation, job.Key, job.Id, job.Kind == JobKind.Review ? "1" : "0", RetentionMs]))!;
        var verdict = (string?)answer[1];
        if (verdict == "held")
        {
            entry.NextTry = time.GetUtcNow().AddSeconds(1);
            return null;
        }

        Forget(entry);
        switch (verdict)
        {
            case "superseded":
                Log.Superseded(logger, job.Id, job.Key, job.HeadSha);
                await EndAsync(entry, null, EndKind.Done);
                return null;
            case "installation":
                // Its installation has all the workers it may have: to the back of the stream, behind other installations'
                // work, with no wake-up (that would have every worker read it again at once); the key's later entries
                // buffered here go with it, so they stay behind it.
                foreach (var rotated in WithFollowers(entry))
                {
                    await EndAsync(rotated, null, EndKind.Rotate);
                }
                return null;
            case "finished":
                // Another instance took this entry over while this one was away, and ran it to its end.
                Log.FinishedElsewhere(logger, job.Id, job.Key);
                return null;
        }

        var holder = $"{(long)answer[0]}:{Worker}";
        Held? held = null;
        var lease = new JobLease(job, (_, finished) => OnEnd(held!, finished))
        {
            Fence = _ => HoldsAsync(db, held!),
        };
        held = new Held(entry, lease, holder) { Renewed = time.GetTimestamp(), Head = (string?)answer[2] is { Length: > 0 } after ? after : job.HeadSha };
        _held[entry.Id.ToString()] = held;
        return lease;
    }

    /// <summary>
    /// The fence. With Redis unreachable from here, the lease counts as held only while it cannot have expired since its
    /// last renewal (with a margin): another instance that still reaches Redis may have taken it over after that.
    /// </summary>
    private async ValueTask<bool> HoldsAsync(IDatabase db, Held held)
    {
        try
        {
            return (long)await db.ScriptEvaluateAsync(RedisJobScripts.Holds, [RedisKeys.Lease(held.Lease.Job.Key)], [held.Holder]) == 1;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            redis.ReportFailure("checking a job's lease", ex);
            return time.GetElapsedTime(held.Renewed) < Options.VisibilityTimeout * 0.8;
        }
    }

    private void Forget(Entry entry)
    {
        lock (_lock)
        {
            _buffer.Remove(entry);
        }
    }

    public void Dispose()
    {
        _taking.Dispose();
        // Cancelled, not disposed: the host may still call StopAsync after disposing the services (it has no timer to free).
        _stopping.Cancel();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 231, Level = LogLevel.Information, Message = "Queued job {JobId} for {Key} at {HeadSha} is superseded by a newer review of the same pull request")]
        public static partial void Superseded(ILogger logger, string jobId, string key, string? headSha);

        [LoggerMessage(EventId = 232, Level = LogLevel.Error, Message = "Stream entry {EntryId} is not a job ({Reason}); moved to the dead letters")]
        public static partial void Unreadable(ILogger logger, string entryId, string reason);

        [LoggerMessage(EventId = 233, Level = LogLevel.Error, Message = "{Kind} job for {Key} ({JobId}) was started {Attempts} times and never finished; moved to the dead letters (reviewbot:jobs:dead)")]
        public static partial void DeadLettered(ILogger logger, JobKind kind, string key, string jobId, int attempts);

        [LoggerMessage(EventId = 234, Level = LogLevel.Warning, Message = "Job {JobId} for {Key} ended after another worker took it over; its end was left to that worker")]
        public static partial void LostAtEnd(ILogger logger, string jobId, string key);

        [LoggerMessage(EventId = 235, Level = LogLevel.Error, Message = "The end of job {JobId} for {Key} could not be written ({Reason}); it stays pending and is taken over later")]
        public static partial void EndNotWritten(ILogger logger, string jobId, string key, string reason);

        [LoggerMessage(EventId = 236, Level = LogLevel.Warning, Message = "Wake-ups for new jobs are off ({Reason}); workers poll every half second while the subscription is tried again")]
        public static partial void NoWakeUps(ILogger logger, string reason);

        [LoggerMessage(EventId = 239, Level = LogLevel.Information, Message = "Wake-ups for new jobs are on (subscribed at attempt {Attempt})")]
        public static partial void WakeUpsOn(ILogger logger, int attempt);

        [LoggerMessage(EventId = 238, Level = LogLevel.Information, Message = "Job {JobId} for {Key} was run to its end by another instance while this one was away; dropped here")]
        public static partial void FinishedElsewhere(ILogger logger, string jobId, string key);

        [LoggerMessage(EventId = 237, Level = LogLevel.Information, Message = "Gave back {Count} job(s) this instance had taken and not started")]
        public static partial void GaveBack(ILogger logger, int count);
    }
}
