namespace ReviewBot.Context;

/// <summary>Everything the context step found for a change, before packing under a budget.</summary>
public sealed record ContextCandidates(
    IReadOnlyList<ContextItem> Diff,
    IReadOnlyList<ContextItem> Guidance,
    IReadOnlyList<ContextItem> Related,
    IReadOnlyList<string> Notes,
    string SymbolSource)
{
    /// <summary>The compiler's errors on added lines, the same ones <see cref="Guidance"/> shows, for findings that need no model.</summary>
    public IReadOnlyList<CompilerError> CompilerErrors { get; init; } = [];
}
