namespace ReviewBot.Model;

/// <summary>
/// The OpenAI-compatible model endpoint, bound from the <c>Model</c> section (<c>Model__ApiKey</c> and so on as environment
/// variables). Optional: without it the service still acknowledges webhooks and reports on pull requests.
/// </summary>
public sealed class ModelOptions
{
    public const string Section = "Model";

    /// <summary>The API root, such as <c>https://api.openai.com/v1</c> or <c>http://localhost:11434/v1</c> (Ollama).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The API key. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model name, such as <c>gpt-5-mini</c>.</summary>
    public string? Name { get; set; }

    public bool IsConfigured => Endpoint is not null && !string.IsNullOrWhiteSpace(Name);
}
