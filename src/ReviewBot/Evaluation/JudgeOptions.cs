using System.ComponentModel.DataAnnotations;
using ReviewBot.Model;

namespace ReviewBot.Evaluation;

/// <summary>
/// The judge of the <c>eval</c> verb: a second OpenAI-compatible model, bound from the <c>Judge</c> section
/// (<c>Judge__Endpoint</c>, <c>Judge__Name</c>, <c>Judge__ApiKey</c> as environment variables). It splits a review's summary
/// into issues and says whether a candidate issue is a golden comment. Only the <c>eval</c> verb needs it.
/// </summary>
public sealed class JudgeOptions
{
    public const string Section = "Judge";

    /// <summary>The API root, such as <c>https://api.openai.com/v1</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The API key. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The judge model's name (Martian's published numbers use Claude Opus 4.5).</summary>
    public string? Name { get; set; }

    /// <summary><c>Auto</c> asks for a strict JSON schema and falls back to JSON mode when the server cannot do it.</summary>
    public ModelOutputMode OutputMode { get; set; } = ModelOutputMode.Auto;

    /// <summary>Output tokens per judge answer (default 1,000: a verdict, or a short list of issues).</summary>
    [Range(256, 200_000)]
    public int MaxOutputTokens { get; set; } = 1_000;

    /// <summary>Judge calls in flight at once (default 8; Martian's step 3 sends batches of 40).</summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 8;

    public bool IsConfigured => Endpoint is not null && !string.IsNullOrWhiteSpace(Name);

    /// <summary>The same client settings as the reviewing model's, so the judge goes through the same SDK code.</summary>
    internal ModelOptions AsModel() => new()
    {
        Endpoint = Endpoint,
        ApiKey = ApiKey,
        Name = Name,
        OutputMode = OutputMode,
        MaxOutputTokens = MaxOutputTokens,
    };
}
