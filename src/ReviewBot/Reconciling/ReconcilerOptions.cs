using System.ComponentModel.DataAnnotations;

namespace ReviewBot.Reconciling;

/// <summary>Bound from the <c>Reconciler</c> section.</summary>
public sealed class ReconcilerOptions
{
    public const string Section = "Reconciler";

    /// <summary>Whether open pull requests are looked over for lost reviews. The default value is true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often, across all instances together (one pass per period). The default value is 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a ReviewBot check run may stay queued or in progress before its review is queued again. The default value
    /// is 1 hour, well above what one review may take (each model call is given up after 10 minutes, a git fetch after 10,
    /// completing the run after 5); GitHub itself marks a run stale after 14 days, the most allowed here.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "14.00:00:00")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The most GitHub API calls one pass makes (listings and check-run reads; installation tokens are minted apart, once an
    /// hour). A pass cut short goes on from where it stopped in the next period. The default value is 500.
    /// </summary>
    [Range(10, 1_000_000)]
    public int MaxCallsPerRun { get; set; } = 500;
}
