using ReviewBot.Jobs;

namespace ReviewBot.GitHub;

/// <summary>Installation lifecycle: logged, and a removed or suspended installation's cached token is dropped.</summary>
public sealed partial class InstallationJobHandler(InstallationTokenProvider tokens, ILogger<InstallationJobHandler> logger) : IJobHandler<InstallationChange>
{
    public async Task HandleAsync(InstallationChange change, JobLease lease)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(lease);
        var cancellationToken = lease.CancellationToken;
        if (change.Event == "installation")
        {
            Log.Installation(logger, change.InstallationId, change.Account, change.Action);
            if (change.Action is "deleted" or "suspend")
            {
                await tokens.InvalidateAsync(change.InstallationId, cancellationToken);
            }

            return;
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            Log.Repositories(logger, change.InstallationId, change.Action,
                string.Join(", ", change.Repositories.Where(r => r.StartsWith('+')).Select(r => r[1..])),
                string.Join(", ", change.Repositories.Where(r => r.StartsWith('-')).Select(r => r[1..])));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 121, Level = LogLevel.Information, Message = "Installation {InstallationId} ({Account}): {Action}")]
        public static partial void Installation(ILogger logger, long installationId, string? account, string action);

        [LoggerMessage(EventId = 122, Level = LogLevel.Information, Message = "Installation {InstallationId} repositories {Action}: added [{Added}], removed [{Removed}]")]
        public static partial void Repositories(ILogger logger, long installationId, string action, string added, string removed);
    }
}
