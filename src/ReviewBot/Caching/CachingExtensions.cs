using Microsoft.Extensions.Caching.StackExchangeRedis;
using StackExchange.Redis;

namespace ReviewBot.Caching;

public static class CachingExtensions
{
    /// <summary>
    /// Registers the shared cache: in process by default, Redis when <c>ConnectionStrings:Redis</c> is set.
    /// The multiplexer connects lazily and retries in the background, so a Redis outage shows in
    /// <c>/readyz</c> instead of stopping startup.
    /// </summary>
    public static IHostApplicationBuilder AddCaching(this IHostApplicationBuilder builder)
    {
        var redis = builder.Configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(redis))
        {
            builder.Services.AddDistributedMemoryCache();
            return builder;
        }

        var options = ConfigurationOptions.Parse(redis);
        options.AbortOnConnectFail = false;
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        builder.Services.AddStackExchangeRedisCache(o => o.InstanceName = RedisKeys.Prefix);
        builder.Services.AddOptions<RedisCacheOptions>()
            .Configure<IServiceProvider>((o, services) =>
                o.ConnectionMultiplexerFactory = () => Task.FromResult(services.GetRequiredService<IConnectionMultiplexer>()));
        return builder;
    }

    /// <summary>True when the service runs with Redis rather than in-process state.</summary>
    public static bool UsesRedis(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis"));
}
