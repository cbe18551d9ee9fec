using Microsoft.Extensions.Caching.StackExchangeRedis;
using StackExchange.Redis;

namespace ReviewBot.Caching;

public static class CachingExtensions
{
    /// <summary>
    /// Registers the shared cache: in process by default, Redis when <c>ConnectionStrings:Redis</c> is set.
    /// The connection opens in the background (<see cref="RedisConnection"/>), so a Redis outage shows in
    /// <c>/readyz</c> and as 503s instead of stopping startup or stalling requests.
    /// </summary>
    public static IHostApplicationBuilder AddCaching(this IHostApplicationBuilder builder)
    {
        var redis = builder.Configuration.GetConnectionString("Redis");
        builder.Services.AddSingleton<ClusterLocks>();
        if (string.IsNullOrWhiteSpace(redis))
        {
            builder.Services.AddDistributedMemoryCache();
            return builder;
        }

        builder.Services.AddSingleton(services => new RedisConnection(redis, services.GetRequiredService<ILogger<RedisConnection>>()));
        builder.Services.AddHostedService(services => services.GetRequiredService<RedisConnection>());
        builder.Services.AddStackExchangeRedisCache(o => o.InstanceName = RedisKeys.Prefix);
        builder.Services.AddOptions<RedisCacheOptions>()
            .Configure<RedisConnection>((o, connection) =>
                o.ConnectionMultiplexerFactory = async () => await connection.GetAsync());
        return builder;
    }

    /// <summary>True when the service runs with Redis rather than in-process state.</summary>
    public static bool UsesRedis(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis"));
}
