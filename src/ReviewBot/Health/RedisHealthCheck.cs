using Microsoft.Extensions.Diagnostics.HealthChecks;
using ReviewBot.Caching;
using StackExchange.Redis;

namespace ReviewBot.Health;

/// <summary>Ready only when Redis answers a PING (registered only when <c>ConnectionStrings:Redis</c> is set).</summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.TryGet(out var connection))
        {
            return HealthCheckResult.Unhealthy("Redis (ConnectionStrings:Redis) is not reachable: not connected");
        }

        try
        {
            var latency = await connection.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:F1} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis (ConnectionStrings:Redis) is not reachable", ex);
        }
    }
}
