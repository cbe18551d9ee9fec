namespace ReviewBot.Publishing;

public static class PublishingExtensions
{
    public static IHostApplicationBuilder AddPublishing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CheckRunTracker>();
        builder.Services.AddSingleton<CheckRunUpdates>();
        builder.Services.AddSingleton<CheckRunAnnouncer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CheckRunAnnouncer>());
        builder.Services.AddSingleton<ReviewPublisher>();
        return builder;
    }
}
