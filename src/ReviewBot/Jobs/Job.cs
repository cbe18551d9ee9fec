using ReviewBot.Reviews;
using ReviewBot.Webhooks;

namespace ReviewBot.Jobs;

/// <summary>
/// A unit of background work. Jobs with the same <see cref="Key"/> (one pull request, one installation) run one at a time.
/// A job carries either the raw webhook delivery, read as a typed event by the worker, or a review request made by another job.
/// </summary>
public sealed record Job(string Id, JobKind Kind, string Key, int? Number, string? HeadSha, bool Forced, WebhookDelivery? Delivery, ReviewRequest? Review = null)
{
    /// <summary>The key that serialises work on one pull request.</summary>
    public static string PullRequestKey(string repositoryFullName, int number) => $"{repositoryFullName.ToLowerInvariant()}#{number}";
}
