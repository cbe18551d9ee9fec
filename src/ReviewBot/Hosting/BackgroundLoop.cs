namespace ReviewBot.Hosting;

/// <summary>
/// Runs a background loop that outlives its own failures. .NET stops the whole host when a <c>BackgroundService</c> throws
/// (and with exit code 0, so a supervisor's restart-on-failure does not bring it back); here an iteration that throws is
/// logged, with its stack trace the first time and as one line while it keeps failing, waited out with a growing
/// backoff, and the loop goes on. Only the host stopping ends it.
/// </summary>
public static partial class BackgroundLoop
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    public static async Task RunAsync(string name, Func<CancellationToken, Task> iteration, ILogger logger, TimeProvider time, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(iteration);
        ArgumentNullException.ThrowIfNull(time);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await iteration(stoppingToken);
                failures = 0;
                continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop boundary: nothing a loop meets may stop the service.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures++;
                var wait = Backoff(failures);
                if (failures == 1)
                {
                    Log.Failed(logger, ex, name, wait.TotalSeconds);
                }
                else
                {
                    Log.FailedAgain(logger, name, failures, ex.GetType().Name, ex.Message, wait.TotalSeconds);
                }
            }

            try
            {
                await Task.Delay(Backoff(failures), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>1 s, 2 s, 4 s … up to a minute.</summary>
    public static TimeSpan Backoff(int failures) =>
        failures >= 7 ? MaxBackoff : TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Max(0, failures - 1)));

    private static partial class Log
    {
        [LoggerMessage(EventId = 901, Level = LogLevel.Error, Message = "Background loop {Loop} failed; it goes on after {Seconds:0.#} s")]
        public static partial void Failed(ILogger logger, Exception exception, string loop, double seconds);

        [LoggerMessage(EventId = 902, Level = LogLevel.Error, Message = "Background loop {Loop} failed again ({Failures} in a row: {ExceptionType}: {Message}); it goes on after {Seconds:0.#} s")]
        public static partial void FailedAgain(ILogger logger, string loop, int failures, string exceptionType, string message, double seconds);
    }
}
