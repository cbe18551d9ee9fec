namespace ReviewBot.Caching;

/// <summary>Every key ReviewBot writes to Redis starts with <see cref="Prefix"/>, so one Redis can serve other tenants.</summary>
public static class RedisKeys
{
    public const string Prefix = "reviewbot:";

    public static string Delivery(string deliveryId) => $"{Prefix}delivery:{deliveryId}";

    /// <summary>The durable job stream, read by the consumer group <see cref="JobGroup"/>.</summary>
    public const string Jobs = Prefix + "jobs";

    public const string JobGroup = "workers";

    /// <summary>Jobs that were started <c>Jobs:MaxAttempts</c> times and never finished, kept for a person to look at.</summary>
    public const string DeadJobs = Prefix + "jobs:dead";

    /// <summary>Published on every enqueue, so idle workers read at once instead of at their next poll.</summary>
    public const string JobsWake = Prefix + "jobs:wake";

    /// <summary>What became of a job id: queued, running, done or dead.</summary>
    public const string JobStatePrefix = Prefix + "job:";

    public static string JobState(string jobId) => JobStatePrefix + jobId;

    /// <summary>The newest review job of a pull request (its head commit and job id): what supersedes older ones.</summary>
    public static string Head(string key) => $"{Prefix}head:{key}";

    /// <summary>Who holds a key's work now (fencing token and worker); expires when the worker stops renewing it.</summary>
    public static string Lease(string key) => $"{Prefix}lease:{key}";

    /// <summary>The key's fencing counter: every new lease gets a higher token.</summary>
    public static string Fence(string key) => $"{Prefix}fence:{key}";

    /// <summary>The keys an installation's workers hold now, scored by when their lease expires.</summary>
    public static string InstallationRunning(long? installationId) => $"{Prefix}installation:{installationId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}:running";

    /// <summary>A spend counter, reservation set or largest-review record (see the Spending folder).</summary>
    public static string Spend(string name) => $"{Prefix}spend:{name}";

    /// <summary>A short lock (one instance at a time), such as creating the check run of a head commit.</summary>
    public static string Lock(string name) => $"{Prefix}lock:{name}";
}
