using Octokit;
using ReviewBot.GitHub;
using ReviewBot.Jobs;
using ReviewBot.Publishing;

namespace ReviewBot.Reconciling;

/// <summary>
/// One pass: as the App, every installation; with each installation's token, its repositories and their open pull
/// requests; for each head commit, its ReviewBot check runs, read as the review job reads them. A head with no run (a
/// webhook lost, a crash before the run was made) or only a run left open past <see cref="ReconcilerOptions.StaleAfter"/>
/// (a review that died with its process) gets a review queued, not forced: the job takes the open run over and completes
/// it, and a review already posted for the head is not posted again. At most <see cref="ReconcilerOptions.MaxCallsPerRun"/> calls;
/// the queued job makes its check run when it starts, as its own calls (the webhook path's announcer would add two a pull request).
/// </summary>
public sealed partial class ReconcilerPass(
    OctokitClients octokit,
    GitHubClientFactory clients,
    CheckRunTracker tracker,
    IJobQueue queue,
    IOptions<ReconcilerOptions> options,
    TimeProvider time,
    ILogger<ReconcilerPass> logger)
{
    public const string Trigger = "reconciler";

    private const int PageSize = 100;

    private ReconcilerPosition? _resumeAfter;

    public async Task<ReconcilerTally> RunAsync(CancellationToken cancellationToken)
    {
        var walk = new Walk(new ReconcilerBudget(options.Value.MaxCallsPerRun), _resumeAfter, time.GetUtcNow(), cancellationToken);
        try
        {
            await WalkAsync(walk);
        }
        finally
        {
            // Cut short (budget, outage): the next pass goes on after the last pull request looked at; done: from the start.
            _resumeAfter = walk.Finished ? null : walk.Last ?? _resumeAfter;
        }
        var tally = walk.Tally(_resumeAfter);
        Log.Passed(logger, tally.Checked, tally.Queued, tally.Calls, walk.Budget.Limit, tally.CutShort
            ? $"; out of calls, the next period goes on after {_resumeAfter}" : "");
        return tally;
    }

    private async Task WalkAsync(Walk walk)
    {
        var app = octokit.CreateAppClient();
        var installations = await PagesAsync(walk, page => app.GitHubApps.GetAllInstallationsForCurrent(Page(page)));
        foreach (var installation in installations.OrderBy(i => i.Id))
        {
            if (walk.Budget.IsSpent || walk.Full)
            {
                return;
            }
            if (installation.SuspendedAt is not null || walk.ResumeAfter?.Passed(installation.Id) == true)
            {
                continue;
            }
            try
            {
                await InstallationAsync(walk, installation.Id);
            }
            catch (Exception ex) when (GitHubFailure.IsRefusal(ex))
            {
                // Its token or its listing refused (uninstalled meanwhile, say): the same answer next time, and the others go on.
                Log.InstallationRefused(logger, installation.Id, installation.Account?.Login ?? "?", GitHubFailure.Describe(ex));
            }
        }
        walk.Finished = !walk.Budget.IsSpent && !walk.Full;
    }

    private async Task InstallationAsync(Walk walk, long installationId)
    {
        var client = clients.ForInstallation(installationId).Client;
        var repositories = new List<Repository>();
        for (var page = 1; walk.Budget.TrySpend(); page++)
        {
            walk.CancellationToken.ThrowIfCancellationRequested();
            var answer = await client.GitHubApps.Installation.GetAllRepositoriesForCurrent(Page(page));
            repositories.AddRange(answer.Repositories);
            if (answer.Repositories.Count < PageSize || repositories.Count >= answer.TotalCount)
            {
                break;
            }
        }
        foreach (var repository in repositories.OrderBy(r => r.FullName, StringComparer.OrdinalIgnoreCase))
        {
            if (walk.Budget.IsSpent || walk.Full)
            {
                return;
            }
            if (repository.Archived || walk.ResumeAfter?.Passed(installationId, repository.FullName) == true)
            {
                continue;
            }
            await RepositoryAsync(walk, client, installationId, repository.Owner.Login, repository.Name);
        }
    }

    private async Task RepositoryAsync(Walk walk, IGitHubClient client, long installationId, string owner, string name)
    {
        var fullName = $"{owner}/{name}";
        var open = await PagesAsync(walk, page => client.PullRequest.GetAllForRepository(owner, name, new PullRequestRequest { State = ItemStateFilter.Open }, Page(page)));
        foreach (var pull in open.OrderBy(p => p.Number))
        {
            // The webhook path's rule: a draft is reviewed when it is marked ready (that delivery is what a lost one would have been).
            if (pull.Draft || walk.ResumeAfter?.Passed(installationId, fullName, pull.Number) == true)
            {
                continue;
            }
            if (walk.Full || !walk.Budget.TrySpend())
            {
                return;
            }
            walk.CancellationToken.ThrowIfCancellationRequested();
            var runs = await tracker.LatestAsync(client, owner, name, pull.Number, pull.Head.Sha);
            walk.Checked++;
            var verdict = ReconcilerVerdicts.Judge(runs, time.GetUtcNow(), options.Value.StaleAfter);
            if (verdict is ReconcilerVerdict.Missing or ReconcilerVerdict.Stale)
            {
                await QueueAsync(walk, new ReviewRequest(installationId, owner, name, pull.Number, pull.Head.Sha, Forced: false, Trigger), verdict);
            }
            if (!walk.Full)
            {
                // Not past one the full queue refused: the next pass starts with it.
                walk.Last = new ReconcilerPosition(installationId, fullName, pull.Number);
            }
        }
    }

    private async Task QueueAsync(Walk walk, ReviewRequest request, ReconcilerVerdict verdict)
    {
        var job = Job.ForReview($"{Trigger}-{walk.Started.ToUnixTimeSeconds()}/{request.FullName}#{request.Number}", request).Queued();
        var result = await queue.EnqueueAsync(job, walk.CancellationToken);
        switch (result)
        {
            case EnqueueResult.Queued:
                walk.Queued++;
                Log.Queued(logger, request.FullName, request.Number, request.HeadSha, verdict == ReconcilerVerdict.Stale
                    ? $"its check run has been open for longer than {options.Value.StaleAfter}" : "it has no ReviewBot check run");
                break;
            case EnqueueResult.Full:
                // The next period finds it again; more now would only be refused too.
                walk.Full = true;
                Log.QueueFull(logger, request.FullName, request.Number);
                break;
        }
    }

    /// <summary>Pages of a listing, one call each, until a short page or the budget's end.</summary>
    private static async Task<List<T>> PagesAsync<T>(Walk walk, Func<int, Task<IReadOnlyList<T>>> list)
    {
        var items = new List<T>();
        for (var page = 1; walk.Budget.TrySpend(); page++)
        {
            walk.CancellationToken.ThrowIfCancellationRequested();
            var answer = await list(page);
            items.AddRange(answer);
            if (answer.Count < PageSize)
            {
                break;
            }
        }
        return items;
    }

    private static ApiOptions Page(int page) => new() { PageSize = PageSize, PageCount = 1, StartPage = page };

    /// <summary>The state of one pass.</summary>
    private sealed class Walk(ReconcilerBudget budget, ReconcilerPosition? resumeAfter, DateTimeOffset started, CancellationToken cancellationToken)
    {
        public ReconcilerBudget Budget { get; } = budget;

        public ReconcilerPosition? ResumeAfter { get; } = resumeAfter;

        public DateTimeOffset Started { get; } = started;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public ReconcilerPosition? Last { get; set; }

        public int Checked { get; set; }

        public int Queued { get; set; }

        public bool Full { get; set; }

        public bool Finished { get; set; }

        public ReconcilerTally Tally(ReconcilerPosition? next) => new(Checked, Queued, Budget.Spent, !Finished, next);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Reconciled: {Checked} open pull request(s) checked, {Queued} queued, {Calls} of {MaxCalls} GitHub calls{CutShort}")]
        public static partial void Passed(ILogger logger, int @checked, int queued, int calls, int maxCalls, string cutShort);

        [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Reconciler queued a review of {Repository}#{PullNumber} at {HeadSha}: {Reason}")]
        public static partial void Queued(ILogger logger, string repository, int pullNumber, string headSha, string reason);

        [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "Reconciler skipped installation {InstallationId} ({Account}): {Reason}")]
        public static partial void InstallationRefused(ILogger logger, long installationId, string account, string reason);

        [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "Reconciler stopped at {Repository}#{PullNumber}: the job queue is full; the next period tries again")]
        public static partial void QueueFull(ILogger logger, string repository, int pullNumber);
    }
}

/// <summary>What one pass did: pull requests checked and queued, calls made, and whether it ran out of calls.</summary>
public sealed record ReconcilerTally(int Checked, int Queued, int Calls, bool CutShort, ReconcilerPosition? ResumeAfter);
