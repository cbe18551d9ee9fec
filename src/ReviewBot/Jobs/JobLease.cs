namespace ReviewBot.Jobs;

/// <summary>A job handed to a worker, with the token that is cancelled when the job is superseded.</summary>
public sealed class JobLease : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Action<JobLease, bool> _onEnd;
    private int _ended;
    private string? _laterReason;

    public JobLease(Job job, Action<JobLease> onComplete)
        : this(job, (lease, _) => onComplete(lease))
    {
    }

    /// <param name="onEnd">Called once: with true when the job finished (done, failed or cancelled), false when it was given back.</param>
    public JobLease(Job job, Action<JobLease, bool> onEnd)
    {
        Job = job;
        _onEnd = onEnd;
    }

    public Job Job { get; }

    public CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>Why the job was cancelled, for the people watching the pull request; null while it runs.</summary>
    public string? CancellationReason => _reason ?? (_cancellation.IsCancellationRequested ? _laterReason : null);

    private string? _reason;

    /// <summary>
    /// Another worker holds the job now (this one stalled past its lease): whatever this worker would still write, a review,
    /// a comment or the check run's end, belongs to the new holder, so it must write nothing more.
    /// </summary>
    public bool IsLost { get; private set; }

    /// <summary>Asks the queue whether this worker still holds the job (the fencing check before a write); null: always.</summary>
    public Func<CancellationToken, ValueTask<bool>>? Fence { get; init; }

    /// <remarks>
    /// Safe after the lease ended: a shutdown can cancel a job in the moment after it completed and its token was disposed,
    /// and that late cancel has nothing left to stop (it must not throw into the host's shutdown).
    /// </remarks>
    public void Cancel(string reason)
    {
        _reason ??= reason;
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The job already ended.
        }
    }

    /// <summary>Cancels the job if it is still running after <paramref name="delay"/> (a shutdown's grace period).</summary>
    public void CancelAfter(TimeSpan delay, string reason)
    {
        _laterReason ??= reason;
        try
        {
            _cancellation.CancelAfter(delay);
        }
        catch (ObjectDisposedException)
        {
            // The job already ended.
        }
    }

    /// <summary>The fencing check before a write: false (and the lease marked lost and cancelled) when the job was taken over.</summary>
    public async ValueTask<bool> StillHeldAsync(CancellationToken cancellationToken = default)
    {
        if (!IsLost && Fence is { } fence && !await fence(cancellationToken))
        {
            MarkLost();
        }
        return !IsLost;
    }

    /// <summary>The fencing check before a write, as a cancellation when the job was taken over.</summary>
    public async ValueTask EnsureHeldAsync(CancellationToken cancellationToken = default)
    {
        await StillHeldAsync(cancellationToken);
        CancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>The queue found the job held by another worker.</summary>
    public void MarkLost()
    {
        IsLost = true;
        Cancel("another worker took this job over after this one stalled");
    }

    /// <summary>The job ended here: done, failed or cancelled.</summary>
    public void Complete() => End(true);

    /// <summary>The job did not end here (the service stops): the queue hands it to another worker.</summary>
    public void GiveBack() => End(false);

    private void End(bool finished)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            _onEnd(this, finished);
        }
    }

    public void Dispose() => _cancellation.Dispose();
}
