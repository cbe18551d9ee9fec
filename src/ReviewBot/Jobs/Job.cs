using System.Diagnostics;

namespace ReviewBot.Jobs;

/// <summary>
/// A unit of background work, made once at ingest from fields the router has checked. Jobs with the same <see cref="Key"/>
/// (one pull request, one installation) run one at a time. A job carries the small typed request of its kind, never the
/// raw webhook body, so a queued job costs a few hundred bytes and no worker parses a delivery again.
/// </summary>
public sealed record Job(string Id, JobKind Kind, string Key, int? Number, string? HeadSha, bool Forced)
{
    public ReviewRequest? Review { get; init; }

    public CommandRequest? Command { get; init; }

    public RerunRequest? Rerun { get; init; }

    public InstallationChange? Installation { get; init; }

    public AgentRequest? Agent { get; init; }

    /// <summary>The GitHub delivery this job came from (for a follow-up job, its parent's); null when none did (the reconciler).</summary>
    public string? DeliveryId { get; init; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the span that queued the job, so the worker's span continues that trace across the
    /// queue (and across instances, with Redis); null when no span was current.
    /// </summary>
    public string? TraceParent { get; init; }

    /// <summary>When the job was handed to the queue, for the time it waited; null for a job queued by an older version.</summary>
    public DateTimeOffset? QueuedAt { get; init; }

    /// <summary>The repository the job is about ("owner/name"), for its log scope; null for an installation change.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Repository => Review?.FullName ?? Rerun?.FullName
        ?? (Command is { } c ? $"{c.Owner}/{c.Repository}" : null) ?? (Agent is { } a ? $"{a.Owner}/{a.Repository}" : null);

    /// <summary>
    /// The job as it is handed to the queue: stamped with the current span's trace context, the time, and the delivery it
    /// came from (kept when <paramref name="deliveryId"/> is null). The wall clock, not an injected one: the time is read
    /// again by whichever instance runs the job, and only feeds the wait-time metric.
    /// </summary>
    public Job Queued(string? deliveryId = null) =>
        this with { DeliveryId = deliveryId ?? DeliveryId, TraceParent = Activity.Current?.Id ?? TraceParent, QueuedAt = TimeProvider.System.GetUtcNow() };

    /// <summary>The installation whose work this is (null for a token without one): the unit of fairness between tenants.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long? InstallationId => Review?.InstallationId ?? Command?.InstallationId ?? Rerun?.InstallationId ?? Installation?.InstallationId ?? Agent?.InstallationId;

    /// <summary>About how much memory the job holds while queued (every string it carries, and a fixed overhead): the queue is bounded by this as well as by count.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long ApproximateBytes => 512 + 2L * Strings().Sum(s => (long)(s?.Length ?? 0) + 12);

    private IEnumerable<string?> Strings()
    {
        string?[] own = [Id, Key, HeadSha, DeliveryId, TraceParent];
        string?[] review = Review is { } r ? [r.Owner, r.Repository, r.HeadSha, r.Trigger] : [];
        string?[] command = Command is { } c ? [c.Owner, c.Repository, c.Author, c.Body] : [];
        string?[] rerun = Rerun is { } u ? [u.Owner, u.Repository, u.HeadSha, u.Trigger] : [];
        IEnumerable<string?> installation = Installation is { } i ? [i.Event, i.Account, i.Action, .. i.Repositories] : [];
        string?[] agent = Agent is { } a ? [a.Verb, a.Owner, a.Repository, a.Author, a.Text] : [];
        return own.Concat(review).Concat(command).Concat(rerun).Concat(installation).Concat(agent);
    }

    /// <summary>The key that serialises work on one pull request.</summary>
    public static string PullRequestKey(string repositoryFullName, int number) => $"{repositoryFullName.ToLowerInvariant()}#{number}";

    public static Job ForReview(string id, ReviewRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(id, JobKind.Review, PullRequestKey(request.FullName, request.Number), request.Number, request.HeadSha, request.Forced) { Review = request };
    }

    public static Job ForCommand(string id, CommandRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(id, JobKind.Command, PullRequestKey($"{request.Owner}/{request.Repository}", request.Number), request.Number, null, false) { Command = request };
    }

    public static Job ForRerun(string id, RerunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(id, JobKind.ResolveRerun, $"{request.Owner}/{request.Repository}@{request.HeadSha}".ToLowerInvariant(), null, request.HeadSha, true) { Rerun = request };
    }

    /// <summary>Serialised with the pull request's other work: a fix runs after the review queued before it, and one at a time.</summary>
    public static Job ForAgent(string id, AgentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(id, JobKind.Agent, PullRequestKey($"{request.Owner}/{request.Repository}", request.Number), request.Number, null, false) { Agent = request };
    }

    public static Job ForInstallation(string id, InstallationChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new(id, JobKind.Installation, $"installation:{change.InstallationId}", null, null, false) { Installation = change };
    }
}
