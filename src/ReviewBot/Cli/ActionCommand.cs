using ReviewBot.Commands;
using ReviewBot.GitHub;
using ReviewBot.Jobs;
using ReviewBot.Model;
using ReviewBot.Pipeline;
using ReviewBot.Publishing;
using ReviewBot.Reviews;
using ReviewBot.Webhooks;
using ReviewBot.Workspace;

namespace ReviewBot.Cli;

/// <summary>
/// <c>reviewbot action</c>: one workflow run's event, handled as the server handles the same webhook. The event file is the
/// webhook payload, so the server's router reads it; a review goes through the server's orchestration with the run's
/// <c>GITHUB_TOKEN</c> (markers, incremental reviews, no repeat, 422 recovery), and a command through the server's command
/// handler, whose queued reviews run here before the step ends (no worker runs in this process).
/// </summary>
public static class ActionCommand
{
    public const string Usage = "usage: reviewbot action [--sarif PATH] [--verbose]";

    public static async Task<int> RunAsync(IServiceProvider services, ActionEnvironment environment, string[] args, TextWriter output,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(output);
        var sarif = CliArguments.Parse(args, new HashSet<string> { "--sarif" }, new HashSet<string>()).Value("--sarif");
        var body = await ReadEventAsync(environment, cancellationToken);
        var route = services.GetRequiredService<WebhookRouter>().Route(environment.EventName, DeliveryId(environment), body);
        var jobs = route switch
        {
            WebhookRoute.Reject reject => throw new CliInputException($"the {environment.EventName} event in {environment.EventPath} cannot be used: {reject.Reason}"),
            WebhookRoute.Enqueue enqueue => enqueue.Jobs.Where(j => j.Kind is JobKind.Review or JobKind.Command).ToList(),
            _ => [],
        };
        if (jobs.Count == 0)
        {
            var why = route is WebhookRoute.Ignore ignore ? ignore.Reason : "the server acts on it, not a workflow";
            await output.WriteLineAsync($"reviewbot action: nothing to do for {environment.EventName} ({why}).");
            return 0;
        }
        CheckRepository(environment, jobs[0]);
        CheckModel(services);

        var access = services.GetRequiredService<GitHubClientFactory>().ForToken(environment.Token);
        using var checkout = await OpenCheckoutAsync(services, environment.Workspace, cancellationToken);
        var run = new ActionRun(services, access, checkout, output, sarif, rerun: environment.RunAttempt > 1);
        var exit = 0;
        foreach (var job in jobs)
        {
            using var lease = new JobLease(job, _ => { });
            exit = Math.Max(exit, job.Review is not null
                ? await run.ReviewAsync(lease, cancellationToken)
                : await run.CommandAsync(job.Command!, cancellationToken));
        }
        return exit;
    }

    private static async Task<string> ReadEventAsync(ActionEnvironment environment, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllTextAsync(environment.EventPath, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliInputException($"GITHUB_EVENT_PATH names no readable file ({environment.EventPath}: {ex.Message.Split('\n')[0].Trim()})");
        }
    }

    /// <summary>The token is this repository's: an event about another one (a hand-made file) would be reviewed with the wrong rights.</summary>
    private static void CheckRepository(ActionEnvironment environment, Job job)
    {
        var (owner, name) = job.Review is { } r ? (r.Owner, r.Repository) : (job.Command!.Owner, job.Command.Repository);
        if (!string.Equals($"{owner}/{name}", environment.Repository, StringComparison.OrdinalIgnoreCase))
        {
            throw new CliInputException($"the event is about {owner}/{name}, but GITHUB_REPOSITORY is {environment.Repository}.");
        }
    }

    /// <summary>
    /// Without a model the server's review only lists the files on its check run, which here would end "nothing reviewed"
    /// and pass the step: a missing input is the caller's mistake, said before anything is asked of GitHub.
    /// </summary>
    private static void CheckModel(IServiceProvider services)
    {
        if (!services.GetRequiredService<IOptions<ModelOptions>>().Value.IsConfigured)
        {
            throw new CliInputException("no model is configured: set Model__Endpoint and Model__Name (the action's model-endpoint and model-name inputs).");
        }
    }

    /// <summary>The job id the server takes from the delivery header; a step handles one event, so its name will do.</summary>
    private static string DeliveryId(ActionEnvironment environment) => $"action-{environment.EventName}";

    private static async Task<GitRepository?> OpenCheckoutAsync(IServiceProvider services, string? workspace, CancellationToken cancellationToken) =>
        workspace is null ? null : await GitRepository.OpenLocalAsync(services.GetRequiredService<GitRunner>(), workspace, cancellationToken);

    /// <summary>
    /// Written only when a review produced a result, posted or not: an empty file uploaded for a head reviewed before (or
    /// for nothing reviewed) would tell code scanning the earlier findings are fixed and close their alerts.
    /// </summary>
    private static async Task WriteSarifAsync(string? path, ReviewResult result, CancellationToken cancellationToken)
    {
        if (path is not null)
        {
            await File.WriteAllTextAsync(Path.GetFullPath(path), SarifReport.Write(result) + "\n", cancellationToken);
        }
    }

    /// <summary>The jobs of one event, run with one access and one checkout.</summary>
    /// <param name="rerun">A person re-ran the workflow: review again though this head has a completed run.</param>
    private sealed class ActionRun(IServiceProvider services, GitHubAccess access, GitRepository? checkout, TextWriter output, string? sarif, bool rerun)
    {
        public async Task<int> ReviewAsync(JobLease lease, CancellationToken cancellationToken)
        {
            var request = lease.Job.Review! is { Forced: false } asked && rerun ? asked with { Forced = true } : lease.Job.Review!;
            using var scope = services.CreateScope();
            using var cancel = cancellationToken.Register(() => lease.Cancel("the workflow run was cancelled"));
            var handler = ActivatorUtilities.CreateInstance<ReviewJobHandler>(scope.ServiceProvider);
            var run = await handler.RunAsync(access, request, lease, checkout);
            lease.CancellationToken.ThrowIfCancellationRequested();
            var where = $"{request.FullName}#{request.Number} at {request.HeadSha[..Math.Min(7, request.HeadSha.Length)]}";
            if (run is null)
            {
                return await NothingReviewedAsync(request, where);
            }
            if (run.Result is null)
            {
                // The reason may quote the repository's settings or the pull request: printed, never obeyed.
                await output.WriteAsync(WorkflowCommands.Inert($"reviewbot action: skipped {where}: {run.SkippedBecause}"));
                return 0;
            }
            await WriteSarifAsync(sarif, run.Result, cancellationToken);
            if (run.NotPostedBecause is { } why)
            {
                // A fork's read-only token: the findings go to the log, and to code scanning through the SARIF file. The
                // model wrote them, so no line of them may act as a workflow command.
                await output.WriteAsync(WorkflowCommands.Inert(ReviewReport.Text(run.Result)));
                await output.WriteLineAsync(WorkflowCommands.Warning(
                    $"ReviewBot reviewed {where} but could not post the review: {why}. The findings are in this log" +
                    (sarif is null ? "; pass sarif: PATH to the action to upload them to code scanning." : $" and in {sarif}.")));
            }
            else
            {
                await output.WriteLineAsync($"reviewbot action: reviewed {where}: {run.Result.Findings.Count} finding(s), posted.");
            }
            return run.Result.IsComplete ? 0 : 3;
        }

        /// <summary>
        /// The handler reviews nothing both when the head has a completed ReviewBot run and when no run could be made (a
        /// GitHub failure it logged); only the first is a pass.
        /// </summary>
        private async Task<int> NothingReviewedAsync(ReviewRequest request, string where)
        {
            var tracker = services.GetRequiredService<CheckRunTracker>();
            if (!await tracker.HasCompletedAsync(access.Client, request.Owner, request.Repository, request.Number, request.HeadSha))
            {
                throw new CliFailureException($"{where}: could not create or find the ReviewBot check run (see the log above).");
            }
            await output.WriteLineAsync($"reviewbot action: nothing reviewed for {where}: it has a completed ReviewBot check run (re-run the workflow to review it again).");
            return 0;
        }

        /// <summary>An explanation or a fix, which edits the reply the command posted.</summary>
        private async Task<int> AgentAsync(AgentRequest request, int exit, CancellationToken cancellationToken)
        {
            using var scope = services.CreateScope();
            await ActivatorUtilities.CreateInstance<AgentJobHandler>(scope.ServiceProvider).RunAsync(access, request, cancellationToken);
            await output.WriteLineAsync($"reviewbot action: {request.Verb} for {request.Author} on {request.Owner}/{request.Repository}#{request.Number} done (see the reply).");
            return exit;
        }

        public async Task<int> CommandAsync(CommandRequest request, CancellationToken cancellationToken)
        {
            using (var scope = services.CreateScope())
            {
                var handler = ActivatorUtilities.CreateInstance<CommandJobHandler>(scope.ServiceProvider);
                await handler.RunAsync(access, request, cancellationToken);
            }
            await output.WriteLineAsync($"reviewbot action: acted on the comment by {request.Author} on {request.Owner}/{request.Repository}#{request.Number}.");
            // A `review`, `fix` or `explain` command queued its work for a worker; this process is the worker.
            var queue = services.GetRequiredService<IJobQueue>();
            var exit = 0;
            while (queue.Pending.Count > 0)
            {
                var lease = await queue.DequeueAsync(cancellationToken);
                try
                {
                    exit = lease.Job switch
                    {
                        { Review: not null } => Math.Max(exit, await ReviewAsync(lease, cancellationToken)),
                        { Agent: { } agent } => await AgentAsync(agent, exit, cancellationToken),
                        _ => exit,
                    };
                }
                finally
                {
                    lease.Complete();
                }
            }
            return exit;
        }
    }
}
