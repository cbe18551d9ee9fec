namespace ReviewBot.Model;

/// <summary>
/// What one structured model call gave: a value, or a failure the review reports (a refusal, a cut-off or empty answer,
/// JSON that no repair could read). Outages (the endpoint down after retries) are exceptions instead.
/// </summary>
public sealed record ModelAnswer<T>(T? Value, string? Failure, TokenUsage Usage, string Mode, string? FinishReason) where T : class
{
    public bool Succeeded => Value is not null;
}
