namespace ReviewBot.Spending;

/// <summary>Whose tokens a review spends: its repository, and the installation it came through (none for the Action's token).</summary>
public sealed record SpendAccount(long? InstallationId, string Owner, string Repository)
{
    /// <summary>The budget's name in keys; GitHub's names are case-insensitive, so they are lowered.</summary>
    internal string? Key(SpendScope scope) => scope == SpendScope.Installation
        ? InstallationId is { } id ? $"installation:{id.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : null
        : $"repository:{Owner.ToLowerInvariant()}/{Repository.ToLowerInvariant()}";
}

/// <summary>One counter: a limit (0 tokens: counted, not enforced), its key for this window, and when the window resets.</summary>
public sealed record SpendBudget(SpendLimit Limit, string Key, DateTimeOffset Resets);

/// <summary>What a ledger says about a review asking to start: admitted, or the first budget that has no room.</summary>
/// <param name="Refused">The index of the refusing budget, or null when admitted.</param>
/// <param name="Reservation">What an admitted review holds against other reviews (its repository's largest review so far).</param>
public sealed record SpendAdmission(int? Refused, long Spent, long Reserved, long Reservation);
