namespace ReviewBot.GitHub;

/// <summary>Says at startup what the service can and cannot do with the GitHub settings it was given.</summary>
public sealed partial class GitHubStartupReport(IOptions<GitHubOptions> options, ILogger<GitHubStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.AllowUnsignedWebhooks && string.IsNullOrWhiteSpace(o.WebhookSecret))
        {
            Log.UnsignedWebhooks(logger);
        }

        if (o.HasAppCredentials)
        {
            Log.AppConfigured(logger, o.AppId!.Value, o.ApiBaseUrl);
        }
        else
        {
            Log.AppNotConfigured(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "!!! WEBHOOK SIGNATURES ARE NOT CHECKED (GitHub:AllowUnsignedWebhooks=true). Anyone who can reach this service can make it act. Use this for local development only and set GitHub:WebhookSecret everywhere else. !!!")]
        public static partial void UnsignedWebhooks(ILogger logger);

        [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "GitHub App {AppId} configured against {ApiBaseUrl}")]
        public static partial void AppConfigured(ILogger logger, long appId, Uri apiBaseUrl);

        [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "GitHub:AppId and GitHub:PrivateKey (or GitHub:PrivateKeyPath) are not both set: webhooks are accepted but the service cannot talk to GitHub, and /readyz reports not ready")]
        public static partial void AppNotConfigured(ILogger logger);
    }
}
