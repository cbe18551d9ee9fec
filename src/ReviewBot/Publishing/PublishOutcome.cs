namespace ReviewBot.Publishing;

/// <summary>What publishing did: a review posted (or why not), where the findings went, and which threads were closed.</summary>
public sealed record PublishOutcome(
    long? ReviewId,
    string? SkippedBecause,
    int InlineComments,
    int FileComments,
    int InSummary,
    int Repeated,
    IReadOnlyList<string> Refused,
    IReadOnlyList<string> Fixed)
{
    public static PublishOutcome Skipped(string why) => new(null, why, 0, 0, 0, 0, [], []);
}
