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

    /// <summary>
    /// How many jobs of one installation run at once, across all instances; 0 means no limit of its own (only
    /// <see cref="Workers"/>). The default value is 0. Without a limit a free worker still takes the installation with
    /// the fewest running jobs (with Redis: on its instance, looking ahead in the stream), so one installation that opens
    /// 200 pull requests at once does not starve the others; a limit also keeps workers free for them.
    /// </summary>
    [Range(0, 1024)]
    public int MaxPerInstallation { get; set; }

    /// <summary>
    /// With Redis: how long a job may go without its worker's heartbeat before another instance takes it over (its worker
    /// died). Heartbeats come every third of it. The default value is 1 minute.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:03", "01:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>With Redis: how many times a job is started before it goes to the dead-letter stream. The default value is 5.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>With Redis: how long a finished job's id is remembered, so a redelivery of it runs nothing. The default value is 3 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan JobRetention { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// On shutdown, how long running jobs may go on before they are cancelled (and, with Redis, given back to another
    /// instance). Below the host's shutdown timeout. The default value is 10 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);
}
