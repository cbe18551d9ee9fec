namespace ReviewBot.Commands;

/// <summary>
/// Finds <c>@agent verb args</c> in a comment. Only prose counts (<see cref="CommandText"/>): a mention in a quote (a reply
/// that quotes a command), a code block, a code span or HTML is text about the bot, not a request to it; so is a possessive
/// ("@agent's review").
/// </summary>
public static class CommandParser
{
    public static bool Mentions(string text, string mention) => Parse(text, mention) is not null;

    /// <summary>The first command in the text, or null when the text does not address the bot.</summary>
    public static ParsedCommand? Parse(string text, string mention)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(mention);
        if (mention.Length == 0)
        {
            return null;
        }

        foreach (var line in CommandText.ProseLines(text))
        {
            var at = FindMention(line, mention);
            if (at < 0)
            {
                continue;
            }

            var rest = line[(at + mention.Length)..].Trim();
            var words = rest.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var verb = words.Length > 0 ? words[0].ToLowerInvariant().TrimEnd('.', ',', '!', ':') : "";
            return new ParsedCommand(verb, words.Length > 1 ? words[1] : "");
        }

        return null;
    }

    /// <summary>The mention as a whole word: <c>@agent</c> but not <c>@agents</c> or <c>me@agent.dev</c>.</summary>
    private static int FindMention(string line, string mention)
    {
        for (var i = line.IndexOf(mention, StringComparison.OrdinalIgnoreCase); i >= 0; i = line.IndexOf(mention, i + 1, StringComparison.OrdinalIgnoreCase))
        {
            var before = i == 0 ? ' ' : line[i - 1];
            var end = i + mention.Length;
            var after = end < line.Length ? line[end] : ' ';
            if (!(IsWordChar(before) || before is '.' or '@' or '/') && !(IsWordChar(after) || after is '-' or '/' or '\'' or '\u2019'))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}

/// <summary>A command verb (lower case, possibly empty) and the rest of its line.</summary>
public sealed record ParsedCommand(string Verb, string Arguments);
