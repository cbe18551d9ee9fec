namespace ReviewBot.Cli;

/// <summary>
/// Log records for a person at a terminal: <c>warning: message</c>, one line each, on the given writer (standard
/// error). The exception's details follow only when <paramref name="withExceptions"/> is set (<c>--verbose</c>).
/// </summary>
public sealed class OneLineLoggerProvider(TextWriter writer, bool withExceptions) : ILoggerProvider
{
    private readonly Lock _lock = new();

    public ILogger CreateLogger(string categoryName) => new OneLineLogger(this);

    public void Dispose() { }

    private void Write(LogLevel level, string message, Exception? exception)
    {
        var line = $"{Label(level)}: {message.ReplaceLineEndings(" ")}";
        lock (_lock)
        {
            writer.WriteLine(line);
            if (withExceptions && exception is not null)
            {
                writer.WriteLine(exception.ToString());
            }
        }
    }

    private static string Label(LogLevel level) => level switch
    {
        LogLevel.Critical or LogLevel.Error => "error",
        LogLevel.Warning => "warning",
        _ => "info",
    };

    private sealed class OneLineLogger(OneLineLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, formatter(state, exception), exception);
            }
        }
    }
}
