using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ReviewBot.Feedback;

public static class FeedbackExtensions
{
    /// <summary>The rules' store and what reads signals into it. Safe to call again (the review pipeline and the commands both need it).</summary>
    public static IHostApplicationBuilder AddFeedback(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(s => s.ServiceType == typeof(FeedbackStore)))
        {
            return builder;
        }
        builder.Services.AddOptions<FeedbackOptions>()
            .BindConfiguration(FeedbackOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<FeedbackOptions>, FeedbackOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<FeedbackStore>();
        builder.Services.AddSingleton<FeedbackCollector>();
        builder.Services.AddSingleton<FeedbackLearner>();
        return builder;
    }
}
