using System.Diagnostics;
using ReviewBot.Model;

namespace ReviewBot.Fixes;

/// <summary>The counters of one fix run, and the outcome they make.</summary>
internal sealed class FixRun
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public int Steps { get; set; }

    public int ToolCalls { get; set; }

    public int ToolErrors { get; set; }

    public TokenUsage Usage { get; set; } = TokenUsage.None;

    public FixAgentOutcome Finish(string summary) =>
        new(true, summary, null, Steps, ToolCalls, ToolErrors, Usage, Stopwatch.GetElapsedTime(_started));

    public FixAgentOutcome Stop(FixStopReason reason, string why) =>
        new(false, why, reason, Steps, ToolCalls, ToolErrors, Usage, Stopwatch.GetElapsedTime(_started));
}
