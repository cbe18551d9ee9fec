using ReviewBot.Context;

namespace ReviewBot.Reviews;

public static class ReviewsExtensions
{
    public static IHostApplicationBuilder AddReviews(this IHostApplicationBuilder builder)
    {
        builder.AddReviewEngine();
        builder.Services.AddScoped<ReviewJobHandler>();
        builder.Services.AddScoped<RerunResolver>();
        builder.Services.AddScoped<PullRequestReviewer>();
        return builder;
    }

    /// <summary>The engine alone (also what the CLI uses): context, model and verification; no GitHub.</summary>
    public static IHostApplicationBuilder AddReviewEngine(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ContextOptions>().BindConfiguration(ContextOptions.Section);
        builder.Services.AddSingleton<TokenCounter>();
        builder.Services.AddSingleton<SymbolSource>();
        builder.Services.AddSingleton<ContextBuilder>();
        builder.Services.AddSingleton<ReviewEngine>();
        return builder;
    }
}
