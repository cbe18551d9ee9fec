namespace ReviewBot.Fixes;

/// <summary>What a tool call did, as the loop counts it.</summary>
public enum FixToolKind
{
    /// <summary>It worked and changed nothing (a read, a listing, a search).</summary>
    Done,

    /// <summary>It changed the worktree.</summary>
    Changed,

    /// <summary>The tool refused or failed; the model is told why and may correct itself.</summary>
    Failed,

    /// <summary>No such tool, or arguments that do not parse: the model is not using the tools at all.</summary>
    BadCall,

    /// <summary>The model called finish.</summary>
    Finish,
}

/// <summary>The text sent back to the model for one call, and what kind of result it was.</summary>
public sealed record FixToolResult(FixToolKind Kind, string Text)
{
    public static FixToolResult Done(string text) => new(FixToolKind.Done, text);

    public static FixToolResult Changed(string text) => new(FixToolKind.Changed, text);

    public static FixToolResult Failed(string text) => new(FixToolKind.Failed, "Error: " + text);

    public static FixToolResult BadCall(string text) => new(FixToolKind.BadCall, "Error: " + text);
}
