using System.Security.Cryptography;

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

    /// <summary>
    /// Text the runner must print and not obey: between <c>::stop-commands::TOKEN</c> and <c>::TOKEN::</c> no line is a
    /// command. The model steers what a review says, so a line like <c>::add-mask::</c> in it would otherwise be run. The
    /// token is random each time, so the text cannot end the block early.
    /// </summary>
    public static string Inert(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var token = "reviewbot-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var body = text.Length == 0 || text.EndsWith('\n') ? text : text + "\n";
        return $"::stop-commands::{token}\n{body}::{token}::\n";
    }
}
