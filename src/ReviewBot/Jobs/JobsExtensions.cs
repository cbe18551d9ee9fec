namespace ReviewBot.Jobs;

public static class JobsExtensions
{
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>()
            .BindConfiguration(JobsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IJobQueue, InProcessJobQueue>();
        builder.Services.AddScoped<JobDispatcher>();
        builder.Services.AddHostedService<JobWorker>();

        // Give running jobs time to record their cancellation (a check run marked cancelled) before the host stops.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        return builder;
    }
}
