namespace ReviewBot.Jobs;

public enum EnqueueResult
{
    Queued,

    /// <summary>The same head commit is already queued or running for this pull request; nothing was added.</summary>
    Coalesced,

    /// <summary>A job with this id already ran to its end (a redelivery of a delivery that was done); nothing was added.</summary>
    Finished,

    /// <summary>The queue is at <see cref="JobsOptions.MaxQueuedJobs"/>; the job was not taken.</summary>
    Full,
}
