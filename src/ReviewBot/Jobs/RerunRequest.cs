namespace ReviewBot.Jobs;

/// <summary>A re-run asked for on a head commit whose pull request GitHub did not name: find the pull requests, then review.</summary>
public sealed record RerunRequest(long? InstallationId, string Owner, string Repository, string HeadSha, string Trigger)
{
    /// <summary>The identifier of the check run's Re-run button, which GitHub sends back in <c>check_run.requested_action</c>.</summary>
    public const string ButtonId = "rerun-review";

    [System.Text.Json.Serialization.JsonIgnore]
    public string FullName => $"{Owner}/{Repository}";
}
