using System.ComponentModel.DataAnnotations;

namespace ReviewBot.Fixes;

/// <summary>
/// The fix agent's budgets, bound from <c>Fixes:Agent</c>. The defaults suit a small model: a focused fix reads a few
/// files and edits one or two, well inside 24 steps.
/// </summary>
public sealed class FixAgentOptions
{
    public const string Section = "Fixes:Agent";

    /// <summary>Model calls per fix.</summary>
    [Range(2, 200)]
    public int MaxSteps { get; set; } = 24;

    /// <summary>Tokens (input and output, all calls) per fix; the conversation is resent on every step, so this grows fast.</summary>
    [Range(1_000, 10_000_000)]
    public int MaxTokens { get; set; } = 200_000;

    /// <summary>Wall time per fix, model calls and tools together.</summary>
    public TimeSpan MaxWallTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Characters of one tool result (a file range, a listing, search hits); the model is told when it was cut.</summary>
    [Range(1_000, 1_000_000)]
    public int MaxToolOutputChars { get; set; } = 12_000;

    /// <summary>Lines of one read_file call.</summary>
    [Range(10, 100_000)]
    public int MaxReadLines { get; set; } = 400;

    /// <summary>Calls in a row that do not parse (or name no tool) before the run stops.</summary>
    [Range(1, 20)]
    public int MaxBadCallsInARow { get; set; } = 3;

    /// <summary>The same call with the same arguments, with no change made in between, this many times is a loop.</summary>
    [Range(2, 20)]
    public int MaxRepeats { get; set; } = 3;
}
