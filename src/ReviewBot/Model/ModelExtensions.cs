namespace ReviewBot.Model;

public static class ModelExtensions
{
    public static IHostApplicationBuilder AddModel(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ModelOptions>()
            .BindConfiguration(ModelOptions.Section)
            .Validate(o => o.Endpoint is null || (o.Endpoint.IsAbsoluteUri && o.Endpoint.Scheme is "http" or "https"),
                "Model:Endpoint must be an absolute http(s) URL, such as https://api.openai.com/v1.")
            .Validate(o => o.Endpoint is null || !string.IsNullOrWhiteSpace(o.Name),
                "Model:Endpoint is set but Model:Name is not; name the model to use.")
            .ValidateOnStart();
        return builder;
    }
}
