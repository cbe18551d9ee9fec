namespace ReviewBot.Publishing;

/// <summary>What publishing did: the review posted, where the findings went, and which threads were closed.</summary>
public sealed record PublishOutcome(
    long ReviewId,
    int InlineComments,
    int FileComments,
    int InSummary,
    int Repeated,
    IReadOnlyList<string> Refused,
    IReadOnlyList<string> Fixed);
