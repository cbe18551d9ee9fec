using Microsoft.Extensions.Diagnostics.HealthChecks;
using ReviewBot.Jobs;

namespace ReviewBot.Health;

/// <summary>
/// With Redis: what this instance holds of the job stream, and how many jobs are in the dead-letter stream. Dead letters
/// do not make the instance unready (it works); they are said so that someone looks at them.
/// </summary>
public sealed class JobStreamHealthCheck(RedisJobQueue queue) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var dead = queue.DeadLetters is { } count ? $"{count} dead-lettered job(s) in reviewbot:jobs:dead" : "dead letters not counted yet";
        var description = $"worker {queue.Worker}: {queue.HeldNow.Count} running, {queue.Pending.Count} taken and waiting; {dead}";
        return Task.FromResult(queue.DeadLetters > 0 ? HealthCheckResult.Degraded(description) : HealthCheckResult.Healthy(description));
    }
}
