using System.Threading.Channels;

namespace ReviewBot.Jobs;

/// <summary>
/// The default queue: jobs live in memory, grouped by key. A channel carries the keys that have work and no running job,
/// so a worker never waits behind a pull request that another worker holds. Not durable: a restart drops queued jobs,
/// which is logged.
/// </summary>
public sealed partial class InProcessJobQueue(IOptions<JobsOptions> options, ILogger<InProcessJobQueue> logger) : IJobQueue
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, KeyState> _keys = new(StringComparer.Ordinal);
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = false });
    private int _pendingCount;
    private long _pendingBytes;

    public IReadOnlyList<Job> Pending
    {
        get
        {
            lock (_lock)
            {
                return _keys.Values.SelectMany(k => k.Pending).ToList();
            }
        }
    }

    public ValueTask<EnqueueResult> EnqueueAsync(Job job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_lock)
        {
            var state = GetState(job.Key);
            if (job.Kind == JobKind.Review && Supersede(state, job) is { } coalesced)
            {
                return ValueTask.FromResult(coalesced);
            }

            if (_pendingCount >= options.Value.MaxQueuedJobs || _pendingBytes + job.ApproximateBytes > options.Value.MaxQueuedBytes)
            {
                return ValueTask.FromResult(EnqueueResult.Full);
            }

            state.Pending.AddLast(job);
            _pendingCount++;
            _pendingBytes += job.ApproximateBytes;
            Signal(job.Key, state);
            return ValueTask.FromResult(EnqueueResult.Queued);
        }
    }

    public async ValueTask<JobLease> DequeueAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var key = await _ready.Reader.ReadAsync(cancellationToken);
            lock (_lock)
            {
                var state = _keys[key];
                state.Signalled = false;
                if (state.Running is not null || state.Pending.First is not { } first)
                {
                    // Everything queued under this key was superseded after it was signalled.
                    Forget(key, state);
                    continue;
                }

                state.Pending.RemoveFirst();
                _pendingCount--;
                _pendingBytes -= first.Value.ApproximateBytes;
                state.Running = new JobLease(first.Value, Complete);
                return state.Running;
            }
        }
    }

    private void Complete(JobLease lease)
    {
        lock (_lock)
        {
            var state = _keys[lease.Job.Key];
            if (ReferenceEquals(state.Running, lease))
            {
                state.Running = null;
            }

            if (state.Pending.Count > 0)
            {
                Signal(lease.Job.Key, state);
            }
            else
            {
                Forget(lease.Job.Key, state);
            }
        }

        lease.Dispose();
    }

    /// <summary>Applies "newest head commit wins" under the lock; returns a result when the job need not be queued.</summary>
    private EnqueueResult? Supersede(KeyState state, Job job)
    {
        var forced = job.Forced;
        for (var node = state.Pending.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.Kind == JobKind.Review)
            {
                if (node.Value.HeadSha == job.HeadSha && (node.Value.Forced || !forced))
                {
                    return EnqueueResult.Coalesced;
                }

                Log.Superseded(logger, node.Value.Id, job.Key, node.Value.HeadSha, job.HeadSha);
                state.Pending.Remove(node);
                _pendingCount--;
                _pendingBytes -= node.Value.ApproximateBytes;
            }

            node = next;
        }

        if (state.Running is { Job.Kind: JobKind.Review } running)
        {
            if (running.Job.HeadSha != job.HeadSha)
            {
                Log.CancellingRunning(logger, running.Job.Id, job.Key, running.Job.HeadSha, job.HeadSha);
                running.Cancel($"superseded by a newer commit {Short(job.HeadSha)}");
            }
            else if (!forced)
            {
                return EnqueueResult.Coalesced;
            }
        }

        return null;
    }

    private KeyState GetState(string key)
    {
        if (!_keys.TryGetValue(key, out var state))
        {
            state = new KeyState();
            _keys[key] = state;
        }

        return state;
    }

    private void Signal(string key, KeyState state)
    {
        if (state.Running is null && !state.Signalled)
        {
            state.Signalled = true;
            _ready.Writer.TryWrite(key);
        }
    }

    private void Forget(string key, KeyState state)
    {
        if (state.Running is null && state.Pending.Count == 0 && !state.Signalled)
        {
            _keys.Remove(key);
        }
    }

    private static string Short(string? sha) => sha is { Length: > 7 } ? sha[..7] : sha ?? "";

    private sealed class KeyState
    {
        public LinkedList<Job> Pending { get; } = new();

        public JobLease? Running { get; set; }

        public bool Signalled { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Queued job {JobId} for {Key} at {OldSha} is superseded by {NewSha}")]
        public static partial void Superseded(ILogger logger, string jobId, string key, string? oldSha, string? newSha);

        [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Cancelling running job {JobId} for {Key} at {OldSha}: superseded by {NewSha}")]
        public static partial void CancellingRunning(ILogger logger, string jobId, string key, string? oldSha, string? newSha);
    }
}
