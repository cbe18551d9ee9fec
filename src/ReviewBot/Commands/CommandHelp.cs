namespace ReviewBot.Commands;

public static class CommandHelp
{
    public static string Text(string mention) => $"""
        **ReviewBot commands** (people with write access only):

        | Command | What it does |
        |---|---|
        | `{mention} review` | Review the pull request's current head commit again. |
        | `{mention} fix this` | In a review thread: fix what the thread is about (a finding or a reviewer's comment) and commit it to the pull request's branch, after the repository's verify command passed in a sandbox; otherwise reply with the patch as suggestions. Text after it says how. |
        | `{mention} fix …` | In the conversation: fix what the text says, the same way. |
        | `{mention} explain [question]` | In a review thread: explain those lines; in the conversation: answer about the pull request. |
        | `{mention} forget <rule>` | Forget a feedback rule (or `all` of them): what it suppressed is posted again. |
        | `{mention} help` | Show this list and the repository's feedback rules. |
        """;
}
