using ReviewBot.GitHub;
using ReviewBot.Hosting;

namespace ReviewBot.Reconciling;

/// <summary>
/// The level-triggered safety net (ARCHITECTURE.md, decision 9): every <see cref="ReconcilerOptions.Interval"/>, one
/// instance makes a <see cref="ReconcilerPass"/>. GitHub failing or the App not being configured ends that pass with one
/// line; the next period tries again, and nothing of it stops the service.
/// </summary>
public sealed partial class Reconciler(
    ReconcilerPass pass,
    ReconcilerLock gate,
    IOptions<ReconcilerOptions> options,
    TimeProvider time,
    ILogger<Reconciler> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            Log.Off(logger);
            return Task.CompletedTask;
        }
        return BackgroundLoop.RunAsync(nameof(Reconciler), PeriodAsync, logger, time, stoppingToken);
    }

    private async Task PeriodAsync(CancellationToken stoppingToken)
    {
        var period = options.Value.Interval;
        await Task.Delay(period, time, stoppingToken);
        if (await gate.TryClaimAsync(period) is not { } claim)
        {
            return;
        }
        try
        {
            await pass.RunAsync(stoppingToken);
        }
        catch (AppNotConfiguredException)
        {
            // Said at startup; a line every period would say nothing new.
            Log.NotConfigured(logger);
        }
        catch (Exception ex) when (Outage.Describe(ex) is { } outage && !stoppingToken.IsCancellationRequested)
        {
            // Kept: another instance trying again at once would meet the same outage; the next period does.
            Log.Failed(logger, outage);
        }
        catch
        {
            // Stopping, or a bug: the period is given back for another instance.
            await gate.ReleaseAsync(claim);
            throw;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1321, Level = LogLevel.Warning, Message = "Reconciling stopped this period: {Reason}; the next period tries again")]
        public static partial void Failed(ILogger logger, string reason);

        [LoggerMessage(EventId = 1323, Level = LogLevel.Debug, Message = "Reconciling skipped this period: the GitHub App is not configured")]
        public static partial void NotConfigured(ILogger logger);

        [LoggerMessage(EventId = 1322, Level = LogLevel.Information, Message = "The reconciler is off (Reconciler:Enabled); lost webhooks are not healed")]
        public static partial void Off(ILogger logger);
    }
}
