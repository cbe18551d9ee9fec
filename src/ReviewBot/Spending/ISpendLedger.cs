namespace ReviewBot.Spending;

/// <summary>
/// Where spend is counted: Redis when the service shares it (every instance sees one count, changed atomically), the
/// process otherwise. Counters live until their window ends; reservations until they are released or their lifetime ends.
/// </summary>
public interface ISpendLedger
{
    /// <summary>
    /// Atomically: refuses when a budget with a limit has no room (spent plus reserved at or over it); otherwise, when
    /// <paramref name="reserve"/>, holds the repository's largest review so far against every limited budget.
    /// </summary>
    Task<SpendAdmission> AdmitAsync(IReadOnlyList<SpendBudget> budgets, string largestKey, string reservationId, DateTimeOffset now,
        DateTimeOffset reservedUntil, bool reserve);

    /// <summary>Adds tokens to every budget's counter (each expires when its window ends).</summary>
    Task AddAsync(IReadOnlyList<SpendBudget> budgets, long tokens);

    /// <summary>Drops a reservation and remembers the review's total when it is the repository's largest.</summary>
    Task ReleaseAsync(IReadOnlyList<SpendBudget> budgets, string largestKey, string member, long reviewTotal, DateTimeOffset largestUntil);

    /// <summary>The tokens each budget's counter holds now (0 for one not written in its window).</summary>
    Task<IReadOnlyList<long>> SpentAsync(IReadOnlyList<SpendBudget> budgets);
}
