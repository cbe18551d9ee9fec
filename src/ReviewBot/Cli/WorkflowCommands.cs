namespace ReviewBot.Cli;

/// <summary>
/// GitHub Actions workflow commands, written to standard output
/// (https://docs.github.com/actions/reference/workflow-commands-for-github-actions). The message is escaped as the runner
/// expects, so a newline or a <c>%</c> in it cannot end the command early or start another one.
/// </summary>
public static class WorkflowCommands
{
    public static string Warning(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return "::warning::" + message.Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);
    }
}
