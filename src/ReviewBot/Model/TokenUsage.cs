namespace ReviewBot.Model;

/// <summary>Tokens as the provider counted them, summed over calls.</summary>
public sealed record TokenUsage(long Input, long CachedInput, long Output, int Calls)
{
    public static TokenUsage None { get; } = new(0, 0, 0, 0);

    public long Total => Input + Output;

    public static TokenUsage operator +(TokenUsage left, TokenUsage right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(left.Input + right.Input, left.CachedInput + right.CachedInput, left.Output + right.Output, left.Calls + right.Calls);
    }

    public static TokenUsage Add(TokenUsage left, TokenUsage right) => left + right;
}
