using ReviewBot.Caching;

namespace ReviewBot.Reconciling;

public static class ReconcilerExtensions
{
    /// <summary>The safety net for lost webhooks and crashed reviews: a periodic pass over open pull requests.</summary>
    public static IHostApplicationBuilder AddReconciler(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReconcilerOptions>()
            .BindConfiguration(ReconcilerOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var redis = builder.Configuration.UsesRedis();
        builder.Services.AddSingleton(services => new ReconcilerLock(redis ? services.GetRequiredService<RedisConnection>() : null,
            services.GetRequiredService<ILogger<ReconcilerLock>>()));
        builder.Services.AddSingleton<ReconcilerPass>();
        builder.Services.AddHostedService<Reconciler>();
        return builder;
    }
}
