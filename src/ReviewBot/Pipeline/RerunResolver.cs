using Octokit;
using ReviewBot.GitHub;
using ReviewBot.Jobs;

namespace ReviewBot.Pipeline;

/// <summary>
/// A re-run asked for on a commit whose pull request GitHub did not name (it leaves <c>pull_requests</c> empty for forks):
/// find the open pull requests with that head commit and queue a forced review of each.
/// </summary>
public sealed partial class RerunResolver(GitHubClientFactory clients, IJobQueue queue, ILogger<RerunResolver> logger) : IJobHandler<RerunRequest>
{
    public async Task HandleAsync(RerunRequest rerun, JobLease lease)
    {
        ArgumentNullException.ThrowIfNull(rerun);
        ArgumentNullException.ThrowIfNull(lease);
        var cancellationToken = lease.CancellationToken;
        var client = (await clients.ForRepositoryAsync(rerun.InstallationId, rerun.Owner, rerun.Repository)).Client;
        var open = await client.PullRequest.GetAllForRepository(rerun.Owner, rerun.Repository,
            new PullRequestRequest { State = ItemStateFilter.Open }, new ApiOptions { PageSize = 100 });
        var matching = open.Where(pr => pr.Head.Sha == rerun.HeadSha).ToList();
        if (matching.Count == 0)
        {
            Log.NoPullRequest(logger, rerun.FullName, rerun.HeadSha);
            return;
        }

        foreach (var pr in matching)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var request = new ReviewRequest(rerun.InstallationId, rerun.Owner, rerun.Repository, pr.Number, rerun.HeadSha, Forced: true, rerun.Trigger);
            await queue.EnqueueAsync(Job.ForReview($"{lease.Job.Id}/pr{pr.Number}", request).Queued(lease.Job.DeliveryId), cancellationToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 411, Level = LogLevel.Information, Message = "No open pull request of {Repository} has head {HeadSha}; nothing to re-run")]
        public static partial void NoPullRequest(ILogger logger, string repository, string headSha);
    }
}
