namespace ReviewBot.Publishing;

public sealed partial class MarkdownDefanger
{
    /// <summary>
    /// Text as inline code, exactly (a path, an address): the backticks around it outnumber any run inside, so it cannot
    /// close early, and line breaks become spaces, so it cannot leave its line.
    /// </summary>
    public static string Code(string? text)
    {
        var t = OneLine(Clean(text));
        if (t.Length == 0)
        {
            return "` `";
        }
        var fence = new string('`', LongestRun(t, '`') + 1);
        // GitHub drops one space at each end when both are there; a backtick at an end needs one to stay apart from the fence.
        var pad = t[0] == '`' || t[^1] == '`' || (t[0] == ' ' && t[^1] == ' ') ? " " : "";
        return $"{fence}{pad}{t}{pad}{fence}";
    }

    /// <summary>
    /// A fenced code block holding <paramref name="code"/> exactly (a suggestion must be the code it suggests): the fence is
    /// longer than any run of backticks inside, so no line of the code can close it.
    /// </summary>
    public static string Fence(string info, string code)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(code);
        var fence = new string('`', Math.Max(3, LongestRun(code, '`') + 1));
        return $"{fence}{info}\n{code.TrimEnd('\n')}\n{fence}";
    }

    private static int LongestRun(string text, char c)
    {
        var (longest, run) = (0, 0);
        foreach (var x in text)
        {
            run = x == c ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return longest;
    }
}
