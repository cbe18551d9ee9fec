using System.ComponentModel.DataAnnotations;

namespace ReviewBot.Spending;

/// <summary>
/// Bound from the <c>Spend</c> section: model tokens (input plus output, as the provider reports them) a review may start
/// under, per installation and per repository, per UTC day and per UTC month. 0 or absent is no limit.
/// </summary>
public sealed class SpendOptions
{
    public const string Section = "Spend";

    [Range(0, long.MaxValue, ErrorMessage = "Spend:InstallationTokensPerDay must be 0 (no limit) or a positive number of tokens.")]
    public long InstallationTokensPerDay { get; set; }

    [Range(0, long.MaxValue, ErrorMessage = "Spend:InstallationTokensPerMonth must be 0 (no limit) or a positive number of tokens.")]
    public long InstallationTokensPerMonth { get; set; }

    [Range(0, long.MaxValue, ErrorMessage = "Spend:RepositoryTokensPerDay must be 0 (no limit) or a positive number of tokens.")]
    public long RepositoryTokensPerDay { get; set; }

    [Range(0, long.MaxValue, ErrorMessage = "Spend:RepositoryTokensPerMonth must be 0 (no limit) or a positive number of tokens.")]
    public long RepositoryTokensPerMonth { get; set; }

    /// <summary>
    /// How long a started review holds its share of the budget against other instances before it is taken for dead (a
    /// crashed worker). The default value is one hour, longer than a job's total time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "Spend:ReservationLifetime must be between 1 minute and 1 day.")]
    public TimeSpan ReservationLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A day's limit above its month's could never be reached: a typo, most likely, so it is refused.</summary>
    internal static bool DayFitsMonth(long day, long month) => day == 0 || month == 0 || day <= month;
}
