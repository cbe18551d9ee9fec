namespace ReviewBot.Jobs;

/// <summary>Review this head commit of this pull request. <see cref="Forced"/> asks for a review even if one exists.</summary>
public sealed record ReviewRequest(long? InstallationId, string Owner, string Repository, int Number, string HeadSha, bool Forced, string Trigger)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string FullName => $"{Owner}/{Repository}";
}
