using ReviewBot.Feedback;
using ReviewBot.Jobs;
using ReviewBot.Reviews;

namespace ReviewBot.Pipeline;

public static class PipelineExtensions
{
    /// <summary>The review job of the server: the engine, and the orchestration that takes a job to a published review.</summary>
    public static IHostApplicationBuilder AddPipeline(this IHostApplicationBuilder builder)
    {
        builder.AddReviewEngine();
        builder.AddFeedback();
        builder.Services.AddScoped<IJobHandler<ReviewRequest>, ReviewJobHandler>();
        builder.Services.AddScoped<IJobHandler<RerunRequest>, RerunResolver>();
        builder.Services.AddScoped<PullRequestReviewer>();
        builder.Services.AddScoped<IJobHandler<AgentRequest>, AgentJobHandler>();
        builder.Services.AddScoped<PullRequestMaterial>();
        builder.Services.AddScoped<Explainer>();
        builder.Services.AddScoped<FixRunner>();
        return builder;
    }
}
