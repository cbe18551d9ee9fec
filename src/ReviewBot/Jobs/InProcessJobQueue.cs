namespace ReviewBot.Jobs;

/// <summary>
/// The default queue: jobs live in memory, grouped by key. The keys that have work and no running job wait in line per
/// installation, so a worker never waits behind a pull request that another worker holds, and a free worker takes the
/// installation with the fewest running jobs (oldest first among equals): one installation that opens 200 pull requests
/// does not starve the others. Not durable: a restart drops queued jobs, which is logged.
/// </summary>
public sealed partial class InProcessJobQueue(IOptions<JobsOptions> options, ILogger<InProcessJobQueue> logger) : IJobQueue, IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, KeyState> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<long, Queue<(long Order, string Key)>> _ready = [];
    private readonly Dictionary<long, int> _running = [];
    private readonly SemaphoreSlim _signal = new(0);
    private long _order;
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
            var state = GetState(job.Key, job.InstallationId ?? -1);
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
            await _signal.WaitAsync(cancellationToken);
            lock (_lock)
            {
                if (Pick() is not { } key)
                {
                    // Every waiting key's installation is at Jobs:MaxPerInstallation; a job of it that ends signals again.
                    continue;
                }
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
                _running[state.Installation] = _running.GetValueOrDefault(state.Installation) + 1;
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
                if (--_running[state.Installation] == 0)
                {
                    _running.Remove(state.Installation);
                }
                if (_ready.Count > 0)
                {
                    // A key of this installation may have waited for the slot this job leaves.
                    _signal.Release();
                }
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

    /// <summary>
    /// Applies "newest head commit wins" under the lock; returns a result when the job need not be queued. Only a review
    /// that was not forced (a push, an opened pull request) is a newer head; a forced one supersedes only work on its own commit.
    /// </summary>
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
                if (forced && node.Value.HeadSha != job.HeadSha)
                {
                    // A forced review (a Re-run of an older commit, say) is no newer head: it runs beside the others.
                    node = next;
                    continue;
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
            if (running.Job.HeadSha != job.HeadSha && !forced)
            {
                Log.CancellingRunning(logger, running.Job.Id, job.Key, running.Job.HeadSha, job.HeadSha);
                running.Cancel($"superseded by a newer commit {Short(job.HeadSha)}");
            }
            else if (running.Job.HeadSha == job.HeadSha && !forced)
            {
                return EnqueueResult.Coalesced;
            }
        }

        return null;
    }

    private KeyState GetState(string key, long installation)
    {
        if (!_keys.TryGetValue(key, out var state))
        {
            state = new KeyState(installation);
            _keys[key] = state;
        }

        return state;
    }

    private void Signal(string key, KeyState state)
    {
        if (state.Running is null && !state.Signalled)
        {
            state.Signalled = true;
            if (!_ready.TryGetValue(state.Installation, out var line))
            {
                line = new Queue<(long, string)>();
                _ready[state.Installation] = line;
            }
            line.Enqueue((_order++, key));
            _signal.Release();
        }
    }

    /// <summary>The first waiting key of the installation with the fewest running jobs, under its limit; oldest first among equals.</summary>
    private string? Pick()
    {
        var limit = options.Value.MaxPerInstallation;
        var best = _ready
            .Where(r => limit == 0 || _running.GetValueOrDefault(r.Key) < limit)
            .OrderBy(r => _running.GetValueOrDefault(r.Key))
            .ThenBy(r => r.Value.Peek().Order)
            .Select(r => (long?)r.Key)
            .FirstOrDefault();
        if (best is not { } installation)
        {
            return null;
        }
        var line = _ready[installation];
        var key = line.Dequeue().Key;
        if (line.Count == 0)
        {
            _ready.Remove(installation);
        }
        return key;
    }

    public void Dispose() => _signal.Dispose();

    private void Forget(string key, KeyState state)
    {
        if (state.Running is null && state.Pending.Count == 0 && !state.Signalled)
        {
            _keys.Remove(key);
        }
    }

    private static string Short(string? sha) => sha is { Length: > 7 } ? sha[..7] : sha ?? "";

    private sealed class KeyState(long installation)
    {
        public long Installation { get; } = installation;

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
