using System.Text.Json.Serialization;

namespace ReviewBot.Reviews;

[JsonConverter(typeof(JsonStringEnumConverter<Priority>))]
public enum Priority
{
    P0,
    P1,
    P2,
    P3,
}

[JsonConverter(typeof(JsonStringEnumConverter<DiffSide>))]
public enum DiffSide
{
    [JsonStringEnumMemberName("head")] Head,
    [JsonStringEnumMemberName("base")] Base,
}

/// <summary>Code quoted from the diff or the context, at a path and line; verified to be really there.</summary>
public sealed record Evidence(string Path, int Line, DiffSide Side, string Quote);

/// <summary>
/// A verified finding. Lines are on <see cref="Side"/> (head unless it is about deleted code). <see cref="FileLevel"/>
/// findings could not be anchored to changed lines and are about the file as a whole. <see cref="Fingerprint"/> survives
/// line shifts: it hashes the path, the title's words and the anchored code, not line numbers.
/// </summary>
public sealed record Finding(
    string Path,
    int StartLine,
    int EndLine,
    DiffSide Side,
    Priority Priority,
    double Confidence,
    string Title,
    string Explanation,
    IReadOnlyList<Evidence> Evidence,
    string? Replacement,
    bool FileLevel,
    string Fingerprint)
{
    /// <summary>Set when verification moved the anchor (e.g. to the nearest changed line); says from where.</summary>
    public string? Moved { get; init; }
}

/// <summary>Something the model said that does not reach the author, and why; <see cref="Stage"/> says where it stopped.</summary>
public sealed record DroppedFinding(string Stage, string Reason, string? Title, string? Path, int? Line);

[JsonConverter(typeof(JsonStringEnumConverter<IntentVerdictKind>))]
public enum IntentVerdictKind
{
    [JsonStringEnumMemberName("matches")] Matches,
    [JsonStringEnumMemberName("partial")] Partial,
    [JsonStringEnumMemberName("mismatch")] Mismatch,
    [JsonStringEnumMemberName("unclear")] Unclear,
}

/// <summary>Does the change do what the pull request says it does?</summary>
public sealed record IntentVerdict(IntentVerdictKind Verdict, string Explanation)
{
    public static IntentVerdict Unknown(string why) => new(IntentVerdictKind.Unclear, why);
}
