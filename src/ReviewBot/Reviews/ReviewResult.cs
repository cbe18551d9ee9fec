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
    public bool IsClean => Findings.Count == 0;
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
    IReadOnlyList<string> MaskedSecrets);
