namespace ReviewBot.Commands;

public static class CommandHelp
{
    public static string Text(string mention) => $"""
        **ReviewBot commands** (people with write access only):

        | Command | What it does |
        |---|---|
        | `{mention} review` | Review the pull request's current head commit again. |
        | `{mention} help` | Show this list. |
        """;
}
