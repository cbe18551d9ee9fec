namespace ReviewBot.Publishing;

/// <summary>
/// What publishing did: the review posted, where the findings went, which threads were closed, and what GitHub failed to
/// do after the review landed (a review that landed is never a failure; what did not follow is only noted).
/// </summary>
public sealed record PublishOutcome(
    long ReviewId,
    int InlineComments,
    int FileComments,
    int InSummary,
    int Repeated,
    IReadOnlyList<string> Refused,
    IReadOnlyList<string> Fixed)
{
    public IReadOnlyList<string> NotDone { get; init; } = [];

    /// <summary>
    /// Nothing was posted: another worker posted this head's review (<see cref="ReviewId"/>) while this one ran, and the
    /// counts are zero.
    /// </summary>
    public bool PostedMeanwhile { get; init; }
}
