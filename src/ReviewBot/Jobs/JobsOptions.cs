using System.ComponentModel.DataAnnotations;

namespace ReviewBot.Jobs;

/// <summary>Bound from the <c>Jobs</c> section.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>How many jobs run at once (on different pull requests). The default value is 2; 0 accepts webhooks but runs nothing.</summary>
    [Range(0, 64)]
    public int Workers { get; set; } = 2;

    /// <summary>How many jobs may wait; past it a webhook is answered 503. The default value is 10,000.</summary>
    [Range(1, 1_000_000)]
    public int MaxQueuedJobs { get; set; } = 10_000;

    /// <summary>
    /// How much memory waiting jobs may hold (by <see cref="Job.ApproximateBytes"/>); past it a webhook is answered 503, so a
    /// burst of large deliveries cannot grow the process without bound. At least 1 MiB (the largest command job holds
    /// about 260 KB); the default value is 64 MiB.
    /// </summary>
    [Range(1_048_576, long.MaxValue)]
    public long MaxQueuedBytes { get; set; } = 64L * 1024 * 1024;
}
