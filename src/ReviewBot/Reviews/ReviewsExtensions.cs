using ReviewBot.Context;
using ReviewBot.Context.Index;

namespace ReviewBot.Reviews;

public static class ReviewsExtensions
{
    /// <summary>The engine alone (also what the CLI uses): context, model and verification; no GitHub.</summary>
    public static IHostApplicationBuilder AddReviewEngine(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ContextOptions>().BindConfiguration(ContextOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<TokenCounter>();
        builder.Services.AddSingleton<SymbolSource>();
        builder.Services.AddSingleton<SymbolIndexes>();
        builder.Services.AddSingleton<ContextBuilder>();
        builder.Services.AddSingleton<ReviewEngine>();
        return builder;
    }
}
