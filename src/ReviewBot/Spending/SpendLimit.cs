using System.Globalization;

namespace ReviewBot.Spending;

/// <summary>Whose budget: the whole installation (every repository the App is installed on there) or one repository.</summary>
public enum SpendScope
{
    Installation,
    Repository,
}

/// <summary>The window a budget counts in; both are UTC calendar windows.</summary>
public enum SpendPeriod
{
    Day,
    Month,
}

/// <summary>One configured budget: so many tokens for a scope in a period.</summary>
public sealed record SpendLimit(SpendScope Scope, SpendPeriod Period, long Tokens)
{
    /// <summary>The UTC window containing <paramref name="now"/>: its start and the instant it resets.</summary>
    public (DateTimeOffset Start, DateTimeOffset End) Window(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        var start = Period == SpendPeriod.Day
            ? new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero)
            : new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return (start, Period == SpendPeriod.Day ? start.AddDays(1) : start.AddMonths(1));
    }

    /// <summary>The window's name in keys: 2026-12-02 for a day, 2026-12 for a month.</summary>
    public string WindowName(DateTimeOffset now) =>
        Window(now).Start.ToString(Period == SpendPeriod.Day ? "yyyy-MM-dd" : "yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>"installation's daily token limit", "repository's monthly token limit".</summary>
    public string Name() =>
        $"{(Scope == SpendScope.Installation ? "installation" : "repository")}'s {(Period == SpendPeriod.Day ? "daily" : "monthly")} token limit";

    /// <summary>"the installation's daily token limit".</summary>
    public string Describe() => "the " + Name();
}
