namespace ReviewBot.Jobs;

/// <summary>
/// An <c>installation</c> or <c>installation_repositories</c> delivery: the installation, the action, and the repositories
/// it named (added ones as <c>+owner/name</c>, removed ones as <c>-owner/name</c>).
/// </summary>
public sealed record InstallationChange(string Event, long InstallationId, string? Account, string Action, IReadOnlyList<string> Repositories);
