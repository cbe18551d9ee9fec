using Microsoft.Extensions.Http.Resilience;

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
        builder.Services.AddTransient<GitHubPacingHandler>();
        // Pacing outermost: a rate-limit wait is not cut short by the per-attempt timeout inside, and a write is paced once.
        var github = builder.Services.AddHttpClient(GitHubClientFactory.HttpClientName)
            .AddHttpMessageHandler<ApiVersionHandler>()
            .AddHttpMessageHandler<GitHubPacingHandler>();
        github.AddStandardResilienceHandler(o =>
            {
                builder.Configuration.GetSection("GitHub:Resilience").Bind(o);

                // Creating a check run or a review twice is worse than failing once: only safe methods are retried.
                o.Retry.DisableForUnsafeHttpMethods();
            });

        builder.Services.AddSingleton<AppJwtFactory>();
        builder.Services.AddSingleton<GitHubClientFactory>();
        builder.Services.AddSingleton<InstallationTokenProvider>();
        builder.Services.AddScoped<InstallationJobHandler>();
        builder.Services.AddHostedService<GitHubStartupReport>();
        return builder;
    }
}
