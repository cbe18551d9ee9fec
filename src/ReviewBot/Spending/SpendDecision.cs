using System.Globalization;

namespace ReviewBot.Spending;

/// <summary>
/// Whether a review may start. A refusal names the limit that stopped it, what was spent (and held by reviews in
/// progress) in its window, and when the window resets; an admission carries the ticket the review spends on.
/// </summary>
public sealed record SpendDecision(SpendLimit? StoppedBy, long Spent, long Reserved, DateTimeOffset ResetsAt, SpendTicket? Ticket)
{
    public bool Allowed => StoppedBy is null;

    public static SpendDecision Admit(SpendTicket? ticket) => new(null, 0, 0, default, ticket);

    /// <summary>The check run's title for a refused review.</summary>
    public string Title => StoppedBy is { } limit ? $"Not reviewed: {limit.Name()} is reached" : "";

    /// <summary>Markdown for the check run and the command reply: which limit, the numbers, and when it resets (UTC).</summary>
    public string Explain()
    {
        if (StoppedBy is not { } limit)
        {
            return "";
        }
        var window = limit.Period == SpendPeriod.Day ? "today (UTC)" : "this month (UTC)";
        var held = Reserved > 0 ? $", and {Tokens(Reserved)} are held by reviews in progress" : "";
        var sooner = Reserved > 0 ? " (or sooner, if the reviews in progress leave room)" : "";
        var setting = $"Spend:{limit.Scope}TokensPer{limit.Period}";
        return $"This review was not started: {limit.Describe()} of {Tokens(limit.Tokens)} is reached. "
            + $"{Tokens(Spent)} were spent {window}{held}. "
            + $"It resets at {ResetsAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC{sooner}; "
            + $"then push a commit or use **Re-run review**. The limit is the service's `{setting}` setting.";
    }

    private static string Tokens(long count) => count.ToString("N0", CultureInfo.InvariantCulture) + " tokens";
}
