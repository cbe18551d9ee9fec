using System.ComponentModel.DataAnnotations;

namespace ReviewBot.Status;

/// <summary>The status page at <c>/</c>, bound from the <c>Status</c> section. Off unless a token is set.</summary>
public sealed class StatusOptions
{
    public const string Section = "Status";

    /// <summary>
    /// The token that opens the page: as the password of HTTP Basic (any user name), which a browser asks for itself, or
    /// as <c>Authorization: Bearer TOKEN</c>. At least 16 characters. Unset (the default), <c>/</c> answers 404.
    /// </summary>
    [MinLength(16)]
    public string? Token { get; set; }

    /// <summary>How many reviews and fixes the page lists, newest first. The default value is 50.</summary>
    [Range(1, 1000)]
    public int RecentEntries { get; set; } = 50;
}
