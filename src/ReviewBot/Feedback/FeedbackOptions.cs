using System.ComponentModel.DataAnnotations;

namespace ReviewBot.Feedback;

/// <summary>Where the feedback rules live and how much one look at a pull request may ask GitHub, bound from the <c>Feedback</c> section.</summary>
public sealed class FeedbackOptions
{
    public const string Section = "Feedback";

    /// <summary>
    /// The folder of the rules, one JSON file per repository. It must outlive the process and the cache (Redis is a
    /// cache); with more than one instance, every instance must see the same folder (a shared volume). Default: a folder
    /// <c>feedback</c> beside <c>Workspace:Root</c> (<c>$TMPDIR/reviewbot/feedback</c> when that is not set either).
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>Reactions lists read per look at a pull request (one call each, only for comments whose 👍/👎 counts changed). Default 20.</summary>
    [Range(0, 200)]
    public int MaxReactionReads { get; set; } = 20;

    /// <summary>Write-access checks per look (one call per person who reacted, replied or resolved). Default 20.</summary>
    [Range(0, 200)]
    public int MaxPermissionChecks { get; set; } = 20;

    /// <summary>Rules kept per repository; past it the oldest go. Default 500.</summary>
    [Range(1, 10_000)]
    public int MaxRules { get; set; } = 500;
}
