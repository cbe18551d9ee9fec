using Microsoft.Extensions.Http.Resilience;

namespace ReviewBot.Model;

public static class ModelExtensions
{
    public static IHostApplicationBuilder AddModel(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ModelOptions>()
            .BindConfiguration(ModelOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => ModelOptions.IsValidEndpoint(o.Endpoint),
                "Model:Endpoint must be an absolute http(s) URL, such as https://api.openai.com/v1.")
            .Validate(o => o.Endpoint is null || !string.IsNullOrWhiteSpace(o.Name),
                "Model:Endpoint is set but Model:Name is not; name the model to use.")
            .ValidateOnStart();

        // Polly owns retries (the SDK's are off): 429 and 5xx with Retry-After honoured, per-attempt timeout, circuit breaker.
        // A model call is slow but safe to repeat, so POST is retried here, unlike GitHub's mutating calls.
        builder.Services.AddHttpClient(ModelClient.HttpClientName)
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler(o =>
            {
                o.AttemptTimeout.Timeout = TimeSpan.FromMinutes(3);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(10);
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromMinutes(6);
                o.Retry.MaxRetryAttempts = 4;
                o.Retry.Delay = TimeSpan.FromSeconds(2);
                builder.Configuration.GetSection("Model:Resilience").Bind(o);
            });
        builder.Services.AddSingleton<ModelClient>();
        return builder;
    }
}
