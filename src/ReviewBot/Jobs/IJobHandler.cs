namespace ReviewBot.Jobs;

/// <summary>
/// The part that owns one kind of job runs it. Jobs only holds the typed request and the lease; what the work means
/// (reviewing, answering a command) lives with the part that registers the handler.
/// </summary>
public interface IJobHandler<in TRequest>
{
    /// <summary>Runs the request. <paramref name="lease"/> carries the job's id and its cancellation (a newer head commit, shutdown).</summary>
    Task HandleAsync(TRequest request, JobLease lease);
}
