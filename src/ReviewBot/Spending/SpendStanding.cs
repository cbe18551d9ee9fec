namespace ReviewBot.Spending;

/// <summary>One limited budget of an account as it stands: spent so far in its window, of its limit, and when it resets.</summary>
public sealed record SpendStanding(SpendAccount Account, SpendLimit Limit, long Spent, DateTimeOffset Resets);
