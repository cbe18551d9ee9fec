using ReviewBot.Workspace;

namespace ReviewBot.Cli;

/// <summary>
/// An exception that ended a verb, as its exit code and one line for standard error. Whatever is not foreseen here
/// still gets one line (its type and first line); <c>--verbose</c> shows the whole exception.
/// </summary>
public static class CliFailures
{
    public static (int Exit, string Message) Describe(Exception exception, string usage)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            CliUsageException ex => (2, $"{ex.Message} {usage}"),
            CliInputException ex => (2, ex.Message),
            Evaluation.BenchmarkInputException ex => (2, ex.Message),
            CliFailureException ex => (1, ex.Message),
            OptionsValidationException ex => (1, $"invalid settings: {string.Join(" ", ex.Failures)}"),
            // A setting that does not bind (Model__MaxOutputTokens=lots).
            InvalidOperationException ex when ex.InnerException is FormatException or InvalidCastException
                || ex.Message.Contains("Failed to convert", StringComparison.Ordinal) => (1, $"invalid settings: {FirstLine(ex.Message)}"),
            WorkspaceException ex => (1, $"git failed: {FirstLine(ex.Message)}"),
            System.ClientModel.ClientResultException or HttpRequestException or TimeoutException or Polly.ExecutionRejectedException
                => (1, Model.ModelFailure.Describe(exception)),
            OperationCanceledException => (130, "cancelled."),
            _ => (1, $"failed: {exception.GetType().Name}: {FirstLine(exception.Message)} (run with --verbose for details)"),
        };
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
