namespace ReviewBot.Jobs;

/// <summary>
/// Where webhooks put work and workers take it. In process by default; a Redis stream implementation fits the same shape.
/// Contract: at most one job per <see cref="Job.Key"/> is leased at a time, and a review of a newer head commit
/// supersedes queued reviews of the same pull request and cancels a running one.
/// </summary>
public interface IJobQueue
{
    ValueTask<EnqueueResult> EnqueueAsync(Job job, CancellationToken cancellationToken = default);

    /// <summary>Waits for the next job whose key is free. The caller must <see cref="JobLease.Complete"/> it.</summary>
    ValueTask<JobLease> DequeueAsync(CancellationToken cancellationToken);

    /// <summary>The jobs waiting to start, oldest first.</summary>
    IReadOnlyList<Job> Pending { get; }
}
