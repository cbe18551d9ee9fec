namespace ReviewBot.Jobs;

/// <summary>
/// Where webhooks put work and workers take it. In process by default; a Redis stream implementation fits the same shape.
/// Contract: at most one job per <see cref="Job.Key"/> is leased at a time, and a review of a newer head commit
/// supersedes queued reviews of the same pull request and cancels a running one. A forced review of another commit (a
/// Re-run of an older one) is no newer head: it supersedes nothing and runs beside the head's review.
/// </summary>
public interface IJobQueue
{
    ValueTask<EnqueueResult> EnqueueAsync(Job job, CancellationToken cancellationToken = default);

    /// <summary>Waits for the next job whose key is free. The caller must <see cref="JobLease.Complete"/> it.</summary>
    ValueTask<JobLease> DequeueAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Whether the queue remembers job ids, queued, running and finished (the Redis stream does): then a redelivery is handed
    /// to it as it is, and it runs only the jobs that never finished. Otherwise the caller de-duplicates deliveries itself.
    /// </summary>
    bool RemembersJobs => false;

    /// <summary>The jobs waiting to start, oldest first.</summary>
    IReadOnlyList<Job> Pending { get; }
}
