using System.Threading.Channels;
using ReviewBot.GitHub;
using ReviewBot.Jobs;

namespace ReviewBot.Publishing;

/// <summary>
/// Shows a queued check run as soon as a review is queued, without making GitHub wait for the webhook answer: the webhook
/// only drops the job here, and this background service creates the run.
/// </summary>
public sealed partial class CheckRunAnnouncer(GitHubClientFactory clients, CheckRunTracker tracker, ILogger<CheckRunAnnouncer> logger) : BackgroundService
{
    private readonly Channel<Job> _jobs = Channel.CreateBounded<Job>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Never blocks; if the announcer is far behind, the review job creates the run itself when it starts.</summary>
    public void Announce(Job job) => _jobs.Writer.TryWrite(job);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in _jobs.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                if (job is not { Kind: JobKind.Review, HeadSha: { } sha, Number: { } number, Delivery: { } delivery })
                {
                    continue;
                }
                using var payload = JsonDocument.Parse(delivery.Body);
                var root = payload.RootElement;
                var owner = root.GetProperty("repository").GetProperty("owner").GetProperty("login").GetString()!;
                var repo = root.GetProperty("repository").GetProperty("name").GetString()!;
                long? installation = root.TryGetProperty("installation", out var i) && i.TryGetProperty("id", out var id) ? id.GetInt64() : null;
                var client = await clients.ForRepositoryAsync(installation, owner, repo);
                await tracker.AnnounceAsync(client, owner, repo, number, sha, job.Forced, late: true);
            }
            // GitHub failing (Polly's timeouts and open circuit included) costs the queued run, never the announcer.
            catch (Exception ex) when ((GitHubFailure.IsGitHubFailure(ex) && !stoppingToken.IsCancellationRequested)
                || ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                Log.CouldNotAnnounce(logger, ex, job.Key);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 461, Level = LogLevel.Warning, Message = "Could not create the queued check run for {JobKey}; the review creates it when it starts")]
        public static partial void CouldNotAnnounce(ILogger logger, Exception exception, string jobKey);
    }
}
