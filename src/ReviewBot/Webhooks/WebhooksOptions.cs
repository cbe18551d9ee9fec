using System.ComponentModel.DataAnnotations;

namespace ReviewBot.Webhooks;

/// <summary>Bound from the <c>Webhooks</c> section.</summary>
public sealed class WebhooksOptions
{
    public const string Section = "Webhooks";

    /// <summary>The endpoint GitHub posts to. The default value is <c>/api/github/webhooks</c>.</summary>
    public string Path { get; set; } = "/api/github/webhooks";

    /// <summary>Bodies larger than this are answered 413. GitHub caps payloads at 25 MB, so that is the default value.</summary>
    [Range(1024, int.MaxValue)]
    public long MaxBodyBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>
    /// How long a delivery id is remembered so a redelivery does not run twice. The default value is 3 days, the window in which
    /// GitHub lets deliveries be redelivered.
    /// </summary>
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// How many delivery ids the in-process log remembers at most (about 200 bytes each); past it, the ones that would be
    /// forgotten soonest go first. The default value is 500,000.
    /// </summary>
    [Range(1_000, int.MaxValue)]
    public int MaxRememberedDeliveries { get; set; } = 500_000;

    /// <summary>
    /// How often the deliveries answered are logged, as one line of counts (each delivery's own line is Debug). The default
    /// value is 1 minute.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan SummaryInterval { get; set; } = TimeSpan.FromMinutes(1);
}
