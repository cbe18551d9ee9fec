using ReviewBot.Commands;
using ReviewBot.GitHub;
using ReviewBot.Reviews;

namespace ReviewBot.Jobs;

/// <summary>Runs one job: hands its typed request to the capability that owns it.</summary>
public sealed partial class JobDispatcher(
    ReviewJobHandler reviews,
    RerunResolver reruns,
    CommandJobHandler commands,
    InstallationJobHandler installations,
    ILogger<JobDispatcher> logger)
{
    public async Task RunAsync(JobLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var job = lease.Job;
        switch (job)
        {
            case { Kind: JobKind.Review, Review: { } review }:
                await reviews.HandleAsync(review, lease);
                break;
            case { Kind: JobKind.ResolveRerun, Rerun: { } rerun }:
                await reruns.HandleAsync(rerun, job.Id, lease.CancellationToken);
                break;
            case { Kind: JobKind.Command, Command: { } command }:
                await commands.HandleAsync(command, lease.CancellationToken);
                break;
            case { Kind: JobKind.Installation, Installation: { } change }:
                await installations.HandleAsync(change, lease.CancellationToken);
                break;
            default:
                Log.NoHandler(logger, job.Kind, job.Id);
                break;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 222, Level = LogLevel.Error, Message = "Job {JobId} of kind {Kind} carries no request of its kind; dropped")]
        public static partial void NoHandler(ILogger logger, JobKind kind, string jobId);
    }
}
