namespace ReviewBot.Reconciling;

/// <summary>
/// A place in the pass's walk (installations by id, their repositories by name, open pull requests by number): where a
/// pass that ran out of calls stopped, so the next one goes on from there rather than looking at the same ones again.
/// </summary>
public sealed record ReconcilerPosition(long InstallationId, string Repository, int Number)
{
    /// <summary>True when <paramref name="installationId"/> comes before this place (already looked at).</summary>
    public bool Passed(long installationId) => installationId < InstallationId;

    public bool Passed(long installationId, string repository) =>
        Passed(installationId) || (installationId == InstallationId && string.Compare(repository, Repository, StringComparison.OrdinalIgnoreCase) < 0);

    public bool Passed(long installationId, string repository, int number) =>
        Passed(installationId, repository)
        || (installationId == InstallationId && string.Equals(repository, Repository, StringComparison.OrdinalIgnoreCase) && number <= Number);

    public override string ToString() => $"installation {InstallationId}, {Repository}#{Number}";
}
