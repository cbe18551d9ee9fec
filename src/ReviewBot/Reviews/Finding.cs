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
public sealed record DroppedFinding(string Stage, string Reason, string? Title, string? Path, int? Line)
{
    /// <summary>The repository's feedback rule that dropped it (stage "feedback"); null for every other stage.</summary>
    public Suppression? Rule { get; init; }

    /// <summary>
    /// The reason as one of a few words, for a metric's label (the reason itself names titles, paths and lines). Read from
    /// the stage and the reason's fixed wording, which the engine's parts write, never from the model's words inside it;
    /// a reason not listed is "other".
    /// </summary>
    public string Cause => (Stage, Reason) switch
    {
        ("deduplication", _) => "duplicate",
        ("feedback", _) => "suppressed-by-feedback",
        ("threshold", _) => "below-threshold",
        ("second-opinion", _) => "rejected-by-verifier",
        ("budget", _) => "budget-spent",
        ("limit", var r) when r.StartsWith("the limit of", StringComparison.Ordinal) => "comment-limit",
        ("limit", _) => "compiler-limit",
        ("model", var r) when r.StartsWith("the model server refused", StringComparison.Ordinal) => "model-refused",
        ("model", _) => "no-usable-answer",
        ("verification", var r) => Verification(r),
        _ => "other",
    };

    private static string Verification(string reason) => reason switch
    {
        _ when reason.EndsWith("did not change since the last review", StringComparison.Ordinal) => "unchanged-since-last-review",
        _ when reason.EndsWith("has no text change and the evidence is from other files", StringComparison.Ordinal) => "no-text-change",
        _ when reason.StartsWith("it has no title", StringComparison.Ordinal) => "incomplete",
        _ when reason.StartsWith("its priority", StringComparison.Ordinal) => "bad-priority",
        _ when reason.StartsWith("its confidence", StringComparison.Ordinal) => "bad-confidence",
        _ when reason.StartsWith("the path ", StringComparison.Ordinal) => "path-not-in-change",
        _ when reason.StartsWith("its lines", StringComparison.Ordinal) => "bad-lines",
        _ when reason.StartsWith("its range", StringComparison.Ordinal) => "range-too-long",
        _ when reason.StartsWith("its evidence", StringComparison.Ordinal) => "evidence-not-found",
        _ when reason.StartsWith("it quotes no evidence", StringComparison.Ordinal) => "no-evidence",
        _ when reason.EndsWith("are not lines the change adds or alters", StringComparison.Ordinal)
            || reason.EndsWith("are not lines the change removes", StringComparison.Ordinal)
            || reason.EndsWith("are outside the change", StringComparison.Ordinal) => "outside-change",
        _ => "other",
    };
}

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
