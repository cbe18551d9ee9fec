using ReviewBot.Model;

namespace ReviewBot.Fixes;

/// <summary>Why a fix run ended without a change to offer.</summary>
public enum FixStopReason
{
    StepBudget,
    TokenBudget,
    WallTime,
    Looping,
    BadCalls,
    NoChange,
    ModelFailure,
}

/// <summary>
/// How a fix run ended: finished with the model's summary (the worktree holds the change), or stopped with a reason a
/// reply can show as it is. Either way, what it cost.
/// </summary>
public sealed record FixAgentOutcome(
    bool Finished,
    string Summary,
    FixStopReason? StopReason,
    int Steps,
    int ToolCalls,
    int ToolErrors,
    TokenUsage Usage,
    TimeSpan Elapsed)
{
    /// <summary>For a stopped run, why, in words for the reply.</summary>
    public string? Reason => Finished ? null : Summary;
}

/// <summary>One tool call as it happened, for a reply that says what the fix is doing (reading, editing).</summary>
public sealed record FixAgentStep(int Step, string Tool, FixToolKind Kind);
