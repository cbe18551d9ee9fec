using ReviewBot.Jobs;
namespace ReviewBot.GitHub;

public static partial class GitHubExtensions
{
    public static IHostApplicationBuilder AddGitHubApp(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<GitHubOptions>()
            .BindConfiguration(GitHubOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GitHubOptions>, GitHubOptionsValidator>();

        builder.Services.AddTransient<ApiVersionHandler>();
        builder.Services.AddTransient<JsonContentTypeHandler>();
        builder.Services.AddTransient<GitHubPacingHandler>();
        builder.Services.AddTransient<GitHubCallMetricsHandler>();
        // Pacing outside Polly: a rate-limit wait is not cut short by Polly's timeouts, and a write is paced once.
        // No HttpClient timeout: Polly's timeouts and the pacing budget bound every call.
        var github = builder.Services.AddHttpClient(OctokitClients.HttpClientName)
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler<ApiVersionHandler>()
            .AddHttpMessageHandler<JsonContentTypeHandler>()
            .AddHttpMessageHandler<GitHubPacingHandler>();
        github.AddStandardResilienceHandler(o => GitHubResilience.Configure(o, builder.Configuration.GetSection("GitHub:Resilience")));
        // Inside the retries: each attempt is a call GitHub answered (or did not) and counted against the rate limit.
        github.AddHttpMessageHandler<GitHubCallMetricsHandler>();

        builder.Services.AddSingleton<AppJwtFactory>();
        builder.Services.AddSingleton<OctokitClients>();
        builder.Services.AddSingleton<GitHubClientFactory>();
        builder.Services.AddSingleton<InstallationTokenProvider>();
        builder.Services.AddScoped<IJobHandler<InstallationChange>, InstallationJobHandler>();
        builder.Services.AddSingleton<GitHubGraphQl>();
        builder.Services.AddSingleton<BotAccount>();
        builder.Services.AddHostedService<GitHubStartupReport>();
        return builder;
    }
}
