using System.Threading.Channels;
using ReviewBot.GitHub;
using ReviewBot.Hosting;
using ReviewBot.Jobs;
using ReviewBot.Reviews;

namespace ReviewBot.Publishing;

/// <summary>
/// Shows a queued check run as soon as a review is queued, without making GitHub wait for the webhook answer: the webhook
/// only drops the request here, and this background service creates the run. Best effort: whatever goes wrong is logged
/// and the review job creates the run itself when it starts.
/// </summary>
public sealed partial class CheckRunAnnouncer(
    GitHubClientFactory clients,
    CheckRunTracker tracker,
    TimeProvider time,
    ILogger<CheckRunAnnouncer> logger) : BackgroundService
{
    private readonly Channel<ReviewRequest> _requests = Channel.CreateBounded<ReviewRequest>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Never blocks; if the announcer is far behind, the review job creates the run itself when it starts.</summary>
    public void Announce(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job is { Kind: JobKind.Review, Review: { } request })
        {
            _requests.Writer.TryWrite(request);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(nameof(CheckRunAnnouncer), AnnounceNextAsync, logger, time, stoppingToken);

    private async Task AnnounceNextAsync(CancellationToken stoppingToken)
    {
        var request = await _requests.Reader.ReadAsync(stoppingToken);
        try
        {
            var client = (await clients.ForRepositoryAsync(request.InstallationId, request.Owner, request.Repository)).Client;
            await tracker.AnnounceAsync(client, request.Owner, request.Repository, request.Number, request.HeadSha, request.Forced, late: true);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (AppNotConfiguredException)
        {
            // Said at startup, and once per delivery by the job that fails on it: a third line would say nothing new.
            Log.NotConfigured(logger, request.FullName, request.Number);
        }
#pragma warning disable CA1031 // Best effort per request: the review job creates the run when this could not.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (Outage.Describe(ex) is { } outage)
            {
                Log.CouldNotAnnounce(logger, request.FullName, request.Number, outage);
            }
            else
            {
                Log.AnnounceFailed(logger, ex, request.FullName, request.Number);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 461, Level = LogLevel.Warning, Message = "Could not create the queued check run for {Repository}#{PullNumber} ({Reason}); the review creates it when it starts")]
        public static partial void CouldNotAnnounce(ILogger logger, string repository, int pullNumber, string reason);

        [LoggerMessage(EventId = 463, Level = LogLevel.Debug, Message = "No queued check run for {Repository}#{PullNumber}: the GitHub App is not configured")]
        public static partial void NotConfigured(ILogger logger, string repository, int pullNumber);

        [LoggerMessage(EventId = 462, Level = LogLevel.Error, Message = "Creating the queued check run for {Repository}#{PullNumber} failed; the review creates it when it starts")]
        public static partial void AnnounceFailed(ILogger logger, Exception exception, string repository, int pullNumber);
    }
}
