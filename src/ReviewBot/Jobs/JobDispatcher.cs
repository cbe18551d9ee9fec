using Microsoft.Extensions.Primitives;
using Octokit.Webhooks;
using Octokit.Webhooks.Events;
using ReviewBot.Commands;
using ReviewBot.GitHub;
using ReviewBot.Reviews;

namespace ReviewBot.Jobs;

/// <summary>
/// Runs one job: reads the delivery as a typed Octokit.Webhooks event (off the request path, where a library exception
/// costs a log line rather than a 500 to GitHub) and hands it to the capability that owns it.
/// </summary>
public sealed partial class JobDispatcher(
    WebhookEventProcessor events,
    ReviewJobHandler reviews,
    RerunResolver reruns,
    CommandJobHandler commands,
    InstallationJobHandler installations,
    ILogger<JobDispatcher> logger)
{
    public async Task RunAsync(JobLease lease)
    {
        var job = lease.Job;
        if (job.Review is { } request)
        {
            await reviews.HandleAsync(request, lease);
            return;
        }

        var delivery = job.Delivery ?? throw new InvalidOperationException($"Job {job.Id} carries neither a delivery nor a review request.");
        var headers = WebhookHeaders.Parse(new Dictionary<string, StringValues>
        {
            ["X-GitHub-Event"] = delivery.Event,
            ["X-GitHub-Delivery"] = delivery.Id,
        });

        WebhookEvent webhookEvent;
        try
        {
            webhookEvent = events.DeserializeWebhookEvent(headers, delivery.Body);
        }
        catch (JsonException ex)
        {
            // The routing fields were there (the ingest checked them) but the library's model wants more.
            Log.Unreadable(logger, ex, delivery.Event, delivery.Id);
            return;
        }

        switch (job.Kind, webhookEvent)
        {
            case (JobKind.Review, PullRequestEvent e):
                await reviews.HandleAsync(ReviewRequest.From(e, delivery.Event), lease);
                break;
            case (JobKind.Review, CheckRunEvent or CheckSuiteEvent) when job.Number is { } number:
                await reviews.HandleAsync(ReviewRequest.FromRerun(webhookEvent, number, delivery.Event), lease);
                break;
            case (JobKind.ResolveRerun, CheckRunEvent or CheckSuiteEvent):
                await reruns.HandleAsync(webhookEvent, delivery, lease.CancellationToken);
                break;
            case (JobKind.Command, IssueCommentEvent or PullRequestReviewCommentEvent):
                await commands.HandleAsync(CommandRequest.From(webhookEvent), lease.CancellationToken);
                break;
            case (JobKind.Installation, InstallationEvent or InstallationRepositoriesEvent):
                await installations.HandleAsync(webhookEvent, lease.CancellationToken);
                break;
            default:
                Log.NoHandler(logger, job.Kind, delivery.Event, delivery.Id);
                break;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 221, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} ({Event}) could not be read as a typed event; dropped")]
        public static partial void Unreadable(ILogger logger, Exception exception, string @event, string deliveryId);

        [LoggerMessage(EventId = 222, Level = LogLevel.Error, Message = "No handler for a {Kind} job from {Event} delivery {DeliveryId}")]
        public static partial void NoHandler(ILogger logger, JobKind kind, string @event, string deliveryId);
    }
}
