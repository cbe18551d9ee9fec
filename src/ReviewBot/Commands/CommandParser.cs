namespace ReviewBot.Commands;

/// <summary>
/// Finds <c>@agent verb args</c> in a comment. Only prose counts (<see cref="CommandText"/>): a mention in a quote (a reply
/// that quotes a command), a code block, a code span or HTML is text about the bot, not a request to it; so is a possessive
/// ("@agent's review").
/// </summary>
public static class CommandParser
{
    public static bool Mentions(string text, params IReadOnlyList<string> mentions) => Parse(text, mentions) is not null;

    /// <summary>
    /// The first command in the text, or null when the text does not address the bot by any of <paramref name="mentions"/>
    /// (the configured mention, and the App's own <c>@slug</c> and <c>@slug[bot]</c> once known).
    /// </summary>
    public static ParsedCommand? Parse(string text, params IReadOnlyList<string> mentions)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(mentions);
        var usable = mentions.Where(m => m.Length > 1).OrderByDescending(m => m.Length).ToList();
        if (usable.Count == 0)
        {
            return null;
        }

        foreach (var line in CommandText.ProseLines(text))
        {
            // The earliest mention on the line; at one place the longest (@slug[bot] before @slug).
            var (at, mention) = usable.Select(m => (At: FindMention(line, m), Mention: m)).Where(f => f.At >= 0)
                .OrderBy(f => f.At).FirstOrDefault((-1, ""));
            if (at < 0 || !StartsASentence(line[..at]))
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

    /// <summary>
    /// A command opens its line or sentence ("@agent fix this", "Thanks! @agent review"). In the middle of a sentence the
    /// bot is talked about, not asked: "please don't @agent fix this" is no command.
    /// </summary>
    private static bool StartsASentence(string before) =>
        before.TrimEnd() is var text && (text.Length == 0 || text[^1] is '.' or '!' or '?' or ':' or '|');

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
