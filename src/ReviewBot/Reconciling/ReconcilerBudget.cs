namespace ReviewBot.Reconciling;

/// <summary>The GitHub calls one pass may still make.</summary>
public sealed class ReconcilerBudget(int calls)
{
    public int Limit { get; } = calls;

    public int Spent { get; private set; }

    public bool IsSpent => Spent >= Limit;

    /// <summary>Takes one call from the budget; false when none is left (and then the call is not made).</summary>
    public bool TrySpend()
    {
        if (IsSpent)
        {
            return false;
        }
        Spent++;
        return true;
    }
}
