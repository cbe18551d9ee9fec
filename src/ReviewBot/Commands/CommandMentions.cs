using ReviewBot.GitHub;

namespace ReviewBot.Commands;

/// <summary>
/// What addresses the bot: the configured mention (<c>@agent</c>), and the App's own account once it is known, as
/// <c>@slug</c> and <c>@slug[bot]</c>. Asking never waits for GitHub: until the account is known only the configured
/// mention counts.
/// </summary>
public sealed class CommandMentions(IOptions<CommandsOptions> options, BotAccount bot)
{
    public IReadOnlyList<string> Current()
    {
        var configured = options.Value.Mention;
        return bot.KnownLogin is { } login && login.EndsWith("[bot]", StringComparison.Ordinal)
            ? [configured, "@" + login, "@" + login[..^"[bot]".Length]]
            : [configured];
    }
}
