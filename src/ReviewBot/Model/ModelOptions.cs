using System.ComponentModel.DataAnnotations;

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

    /// <summary>A cheaper model that re-checks each candidate finding; empty turns the second call off.</summary>
    public string? VerifierName { get; set; }

    /// <summary><c>Auto</c> asks for a strict JSON schema and falls back to JSON mode when the server cannot do it.</summary>
    public ModelOutputMode OutputMode { get; set; } = ModelOutputMode.Auto;

    [Range(256, 200_000)]
    public int MaxOutputTokens { get; set; } = 4_000;

    /// <summary>Tokens of context (definitions, callers, tests, guidance) per review, on top of the diff.</summary>
    [Range(0, 1_000_000)]
    public int ContextTokens { get; set; } = 16_000;

    /// <summary>Prompt tokens per model call; a larger change is split into chunks of about this size.</summary>
    [Range(2_000, 1_000_000)]
    public int ChunkTokens { get; set; } = 32_000;

    /// <summary>All tokens (input and output, all calls) one review may spend; chunks beyond it are not reviewed, and the result says so.</summary>
    [Range(4_000, 100_000_000)]
    public int ReviewTokens { get; set; } = 400_000;

    /// <summary>Model calls of one review in flight at once.</summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 4;

    public bool IsConfigured => Endpoint is not null && !string.IsNullOrWhiteSpace(Name);

    /// <summary>No endpoint, or an absolute http(s) one: what the SDK can call.</summary>
    internal static bool IsValidEndpoint(Uri? endpoint) => endpoint is null || (endpoint.IsAbsoluteUri && endpoint.Scheme is "http" or "https");
}

public enum ModelOutputMode
{
    Auto,
    JsonSchema,
    JsonObject,
}
