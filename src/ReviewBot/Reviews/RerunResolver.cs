using Octokit;
using Octokit.Webhooks;
using Octokit.Webhooks.Events;
using ReviewBot.GitHub;
using ReviewBot.Jobs;
using ReviewBot.Webhooks;

namespace ReviewBot.Reviews;

/// <summary>
/// A re-run asked for on a commit whose pull request GitHub did not name (it leaves <c>pull_requests</c> empty for forks):
/// find the open pull requests with that head commit and queue a forced review of each.
/// </summary>
public sealed partial class RerunResolver(GitHubClientFactory clients, IJobQueue queue, ILogger<RerunResolver> logger)
{
    public async Task HandleAsync(WebhookEvent webhookEvent, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var (installation, repository, sha) = webhookEvent switch
        {
            CheckRunEvent run => (run.Installation?.Id, run.Repository!, run.CheckRun.HeadSha),
            CheckSuiteEvent suite => (suite.Installation?.Id, suite.Repository!, suite.CheckSuite.HeadSha),
            _ => throw new ArgumentException($"{webhookEvent.GetType().Name} is not a check event.", nameof(webhookEvent)),
        };
        var owner = repository.Owner.Login;
        var client = await clients.ForRepositoryAsync(installation, owner, repository.Name);
        var open = await client.PullRequest.GetAllForRepository(owner, repository.Name,
            new PullRequestRequest { State = ItemStateFilter.Open }, new ApiOptions { PageSize = 100 });
        var matching = open.Where(pr => pr.Head.Sha == sha).ToList();
        if (matching.Count == 0)
        {
            Log.NoPullRequest(logger, repository.FullName, sha);
            return;
        }

        foreach (var pr in matching)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var request = new ReviewRequest(installation, owner, repository.Name, pr.Number, sha, Forced: true, $"{delivery.Event}.{delivery.Action}");
            var job = new Job($"{delivery.Id}/pr{pr.Number}", JobKind.Review, Job.PullRequestKey(repository.FullName, pr.Number), pr.Number, sha, Forced: true, Delivery: null, request);
            await queue.EnqueueAsync(job, cancellationToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 411, Level = LogLevel.Information, Message = "No open pull request of {Repository} has head {HeadSha}; nothing to re-run")]
        public static partial void NoPullRequest(ILogger logger, string repository, string headSha);
    }
}
