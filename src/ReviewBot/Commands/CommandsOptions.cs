using System.ComponentModel.DataAnnotations;

namespace ReviewBot.Commands;

/// <summary>Bound from the <c>Commands</c> section.</summary>
public sealed class CommandsOptions
{
    public const string Section = "Commands";

    /// <summary>The mention that addresses the bot in a comment. The default value is <c>@agent</c>.</summary>
    [Required]
    [RegularExpression("^@[A-Za-z0-9][A-Za-z0-9-]*(\\[bot\\])?$", ErrorMessage = "Commands:Mention must look like @name.")]
    public string Mention { get; set; } = "@agent";
}
