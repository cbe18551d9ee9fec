namespace ReviewBot.Context;

/// <summary>What would be sent for a change: the items under the budget, and what was left out or could not be done.</summary>
public sealed record ContextPack(
    string Base,
    string Head,
    int BudgetTokens,
    int UsedTokens,
    IReadOnlyList<ContextItem> Items,
    IReadOnlyList<string> Notes,
    string SymbolSource);
