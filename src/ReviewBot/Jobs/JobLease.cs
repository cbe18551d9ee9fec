namespace ReviewBot.Jobs;

/// <summary>A job handed to a worker, with the token that is cancelled when the job is superseded.</summary>
public sealed class JobLease(Job job, Action<JobLease> onComplete) : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private int _completed;

    public Job Job { get; } = job;

    public CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>Why the job was cancelled, for the people watching the pull request; null while it runs.</summary>
    public string? CancellationReason { get; private set; }

    /// <remarks>
    /// Safe after the lease ended: a shutdown can cancel a job in the moment after it completed and its token was disposed,
    /// and that late cancel has nothing left to stop (it must not throw into the host's shutdown).
    /// </remarks>
    public void Cancel(string reason)
    {
        CancellationReason ??= reason;
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The job already ended.
        }
    }

    public void Complete()
    {
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            onComplete(this);
        }
    }

    public void Dispose() => _cancellation.Dispose();
}
