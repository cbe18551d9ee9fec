using Octokit.Webhooks;
using Octokit.Webhooks.Events;
using Octokit.Webhooks.Events.Installation;

namespace ReviewBot.GitHub;

/// <summary>Installation lifecycle: logged, and a removed or suspended installation's cached token is dropped.</summary>
public sealed partial class InstallationJobHandler(InstallationTokenProvider tokens, ILogger<InstallationJobHandler> logger)
{
    public async Task HandleAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        switch (webhookEvent)
        {
            case InstallationEvent e:
                Log.Installation(logger, e.Installation.Id, e.Installation.Account?.Login, e.Action ?? "");
                if (e.Action == InstallationAction.Deleted || e.Action == InstallationAction.Suspend)
                {
                    await tokens.InvalidateAsync(e.Installation.Id, cancellationToken);
                }

                break;
            case InstallationRepositoriesEvent e when logger.IsEnabled(LogLevel.Information):
                Log.Repositories(logger, e.Installation.Id, e.Action ?? "",
                    string.Join(", ", e.RepositoriesAdded.Select(r => r.FullName)),
                    string.Join(", ", e.RepositoriesRemoved.Select(r => r.FullName)));
                break;
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
