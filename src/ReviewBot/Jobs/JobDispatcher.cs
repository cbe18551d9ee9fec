namespace ReviewBot.Jobs;

/// <summary>Runs one job: hands its typed request to the handler its part registered.</summary>
public sealed partial class JobDispatcher(
    IJobHandler<ReviewRequest> reviews,
    IJobHandler<RerunRequest> reruns,
    IJobHandler<CommandRequest> commands,
    IJobHandler<InstallationChange> installations,
    IJobHandler<AgentRequest> agents,
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
                await reruns.HandleAsync(rerun, lease);
                break;
            case { Kind: JobKind.Command, Command: { } command }:
                await commands.HandleAsync(command, lease);
                break;
            case { Kind: JobKind.Installation, Installation: { } change }:
                await installations.HandleAsync(change, lease);
                break;
            case { Kind: JobKind.Agent, Agent: { } agent }:
                await agents.HandleAsync(agent, lease);
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
