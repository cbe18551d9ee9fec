using ReviewBot.Model;

namespace ReviewBot.Reviews;

/// <summary>The engine's answer for one change: only verified findings leave the engine; everything else is accounted for.</summary>
public sealed record ReviewResult(
    string Base,
    string Head,
    IntentVerdict Intent,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<DroppedFinding> Dropped,
    IReadOnlyList<string> Notes,
    ReviewAccounting Accounting)
{
    /// <summary>Every part of the change got a usable answer.</summary>
    public bool IsComplete => Accounting.ChunksReviewed == Accounting.Chunks;

    /// <summary>No findings in a complete review; a review with unanswered parts is never called clean.</summary>
    public bool IsClean => Findings.Count == 0 && IsComplete;
}

/// <summary>What the review cost and covered.</summary>
public sealed record ReviewAccounting(
    TokenUsage Usage,
    TimeSpan Elapsed,
    int FilesChanged,
    int FilesReviewed,
    IReadOnlyList<string> FilesSkipped,
    int Chunks,
    int ChunksReviewed,
    int PromptTokens,
    int ContextItems,
    string SymbolSource,
    IReadOnlyList<MaskedKind> MaskedSecrets);
