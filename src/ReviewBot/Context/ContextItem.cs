using System.Text.Json.Serialization;

namespace ReviewBot.Context;

[JsonConverter(typeof(JsonStringEnumConverter<ContextKind>))]
public enum ContextKind
{
    [JsonStringEnumMemberName("diff")] Diff,
    [JsonStringEnumMemberName("definition")] Definition,
    [JsonStringEnumMemberName("caller")] Caller,
    [JsonStringEnumMemberName("test")] Test,
    [JsonStringEnumMemberName("guidance")] Guidance,
}

/// <summary>
/// One piece of what the model is shown, with why it was chosen. <see cref="Text"/> is what is sent (line-numbered code);
/// the other fields are the <c>context --json</c> contract.
/// </summary>
public sealed record ContextItem(
    ContextKind Kind,
    string Path,
    int StartLine,
    int EndLine,
    string? Symbol,
    string Reason,
    int Tokens,
    [property: JsonIgnore] string Text,
    [property: JsonIgnore] double Score)
{
    /// <summary>The changed files this item was chosen for (a chunk takes the context of its own files); empty: all.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> ForPaths { get; init; } = [];

    /// <summary>For a diff item, the new-side line ranges of its hunks (what is shown); empty for other items.</summary>
    [JsonIgnore]
    public IReadOnlyList<LineRange> Hunks { get; init; } = [];
}

/// <summary>Lines <see cref="Start"/> to <see cref="End"/>, 1-based and inclusive.</summary>
public readonly record struct LineRange(int Start, int End);
