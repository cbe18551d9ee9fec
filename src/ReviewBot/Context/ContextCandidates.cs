namespace ReviewBot.Context;

/// <summary>Everything the context step found for a change, before packing under a budget.</summary>
public sealed record ContextCandidates(
    IReadOnlyList<ContextItem> Diff,
    IReadOnlyList<ContextItem> Guidance,
    IReadOnlyList<ContextItem> Related,
    IReadOnlyList<string> Notes,
    string SymbolSource);
