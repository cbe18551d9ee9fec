namespace ReviewBot.Reviews;

/// <summary>A re-run asked for on a head commit whose pull request GitHub did not name: find the pull requests, then review.</summary>
public sealed record RerunRequest(long? InstallationId, string Owner, string Repository, string HeadSha, string Trigger)
{
    public string FullName => $"{Owner}/{Repository}";
}
