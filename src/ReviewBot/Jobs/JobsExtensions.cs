using ReviewBot.Caching;

namespace ReviewBot.Jobs;

public static class JobsExtensions
{
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>()
            .BindConfiguration(JobsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (builder.Configuration.UsesRedis())
        {
            // Started before the workers and so stopped after them: what they give back at shutdown is written first.
            builder.Services.AddSingleton<RedisJobQueue>();
            builder.Services.AddSingleton<IJobQueue>(services => services.GetRequiredService<RedisJobQueue>());
            builder.Services.AddHostedService(services => services.GetRequiredService<RedisJobQueue>());
            builder.Services.AddHostedService<RedisJobHeartbeat>();
        }
        else
        {
            builder.Services.AddSingleton<IJobQueue, InProcessJobQueue>();
        }
        builder.Services.AddScoped<JobDispatcher>();
        builder.Services.AddHostedService<JobWorker>();

        // Running jobs get the grace period, then time to record their cancellation (a check run marked cancelled) and to
        // give their work back, before the host stops.
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<JobsOptions>>((host, jobs) =>
            host.ShutdownTimeout = jobs.Value.ShutdownGrace + TimeSpan.FromSeconds(15));
        return builder;
    }
}
