namespace ReviewBot.Status;

/// <summary>One review or fix as the status page lists it. <see cref="Findings"/> is null where nothing was reviewed.</summary>
public sealed record WorkRecord(
    DateTimeOffset FinishedAt,
    string Kind,
    string Repository,
    int Number,
    string HeadSha,
    int? Findings,
    long Tokens,
    TimeSpan Duration,
    string Outcome,
    Uri? Link)
{
    /// <summary>The installation the work came through (none for a repository webhook or the Action): whose budgets it spent.</summary>
    public long? InstallationId { get; init; }
}
