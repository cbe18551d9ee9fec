using ReviewBot.Model;
using ReviewBot.Workspace;

namespace ReviewBot.Evaluation;

public static class EvaluationExtensions
{
    /// <summary>The judge's settings, validated like the model's; the runner's parts are made per run by the verb.</summary>
    public static IHostApplicationBuilder AddEvaluation(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JudgeOptions>()
            .BindConfiguration(JudgeOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => ModelOptions.IsValidEndpoint(o.Endpoint),
                "Judge:Endpoint must be an absolute http(s) URL, such as https://api.openai.com/v1.")
            .Validate(o => o.Endpoint is null || !string.IsNullOrWhiteSpace(o.Name),
                "Judge:Endpoint is set but Judge:Name is not; name the judge model.");
        return builder;
    }

    /// <summary>A judge client: the model client's own code, with the judge's endpoint, name and key.</summary>
    public static EvalJudge CreateJudge(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptions<JudgeOptions>>().Value;
        var client = new ModelClient(Options.Create(options.AsModel()), services.GetRequiredService<IHttpClientFactory>(),
            services.GetRequiredService<ILogger<ModelClient>>());
        return new EvalJudge(client, options.MaxConcurrency);
    }

    public static EvalRepositories CreateRepositories(IServiceProvider services, string? reposDirectory, string workDirectory, Uri githubUrl) =>
        new(services.GetRequiredService<GitRunner>(), reposDirectory, workDirectory, githubUrl);
}
