using ReviewBot.Caching;
using ReviewBot.Jobs;
using System.Collections.Concurrent;
using Octokit;
using ReviewBot.GitHub;

namespace ReviewBot.Publishing;

/// <summary>
/// One ReviewBot check run per pull request and head commit, created once whoever asks first: the announcer (status
/// queued, when the job is queued) or the review job (in progress). A run left queued by a review that a newer commit
/// superseded is completed as cancelled when the newer review starts, so no check run is left spinning. A create whose
/// answer GitHub lost is looked for (name, head commit, external id) before it is sent again, so a run is never doubled.
/// </summary>
public sealed partial class CheckRunTracker(IOptions<GitHubOptions> options, ClusterLocks locks, TimeProvider time, ILogger<CheckRunTracker> logger)
{
    private readonly ConcurrentDictionary<(string Repository, string Sha), Lazy<Task<long?>>> _runs = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _shasByPull = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Repository, string Sha), DateTimeOffset> _finished = new();

    /// <summary>
    /// The run of this head commit, created queued once, whoever asks first (the announcer when the job is queued, or the
    /// job itself). GitHub is the record: null when the commit already has a completed ReviewBot run and the review was
    /// not forced (a redelivery after a restart, say); a run left open before a restart is taken over, not doubled.
    /// </summary>
    public async Task<long?> AnnounceAsync(IGitHubClient client, string owner, string repo, int number, string sha, bool forced, bool late = false)
    {
        ArgumentNullException.ThrowIfNull(client);
        var key = ($"{owner}/{repo}".ToLowerInvariant(), sha);
        // The announcer is behind and the review it announces already ran: a queued run now would never be completed.
        if (late && _finished.TryGetValue(key, out var finished) && time.GetUtcNow() - finished < TimeSpan.FromHours(1))
        {
            return null;
        }
        _shasByPull.GetOrAdd(PullKey(owner, repo, number), _ => new()).TryAdd(sha, 0);
        var lazy = _runs.GetOrAdd(key, _ => new Lazy<Task<long?>>(() => CreateAsync(client, owner, repo, number, sha, forced)));
        try
        {
            var id = await lazy.Value;
            if (id is null)
            {
                _runs.TryRemove(new KeyValuePair<(string, string), Lazy<Task<long?>>>(key, lazy));
            }
            return id;
        }
        catch
        {
            // A failed create is not remembered: the next caller tries again.
            _runs.TryRemove(new KeyValuePair<(string, string), Lazy<Task<long?>>>(key, lazy));
            throw;
        }
    }

    /// <summary>
    /// Under a lock across instances: two instances that race to announce the same head commit (the announcer of one and
    /// the job of another) would otherwise both find no run and both create one. When another instance held the lock all
    /// the wait, it was most likely making this very run (against a slow GitHub): the run is looked for first, forced or
    /// not, and made only when none is open; failing the job instead would leave the review undone.
    /// </summary>
    private async Task<long?> CreateAsync(IGitHubClient client, string owner, string repo, int number, string sha, bool forced)
    {
        var name = $"checkrun:{owner}/{repo}@{sha}".ToLowerInvariant();
        await using var locked = await locks.TryAcquireAsync(name, TimeSpan.FromSeconds(90), options.Value.CheckRunLockWait);
        if (locked is null)
        {
            Log.LockWaitedOut(logger, name, options.Value.CheckRunLockWait.TotalSeconds);
            if (forced && await OpenRunAsync(client, owner, repo, number, sha) is { } open)
            {
                return open.Id;
            }
        }
        return await CreateLockedAsync(client, owner, repo, number, sha, forced);
    }

    private async Task<CheckRun?> OpenRunAsync(IGitHubClient client, string owner, string repo, int number, string sha) =>
        (await LatestAsync(client, owner, repo, number, sha)).FirstOrDefault(r => r.Status.Value != CheckStatus.Completed && r.ExternalId == ExternalId(owner, repo, number));

    private async Task<long?> CreateLockedAsync(IGitHubClient client, string owner, string repo, int number, string sha, bool forced)
    {
        if (!forced)
        {
            var existing = await LatestAsync(client, owner, repo, number, sha);
            if (existing.Any(IsReviewed))
            {
                return null;
            }
            if (existing.FirstOrDefault(r => r.Status.Value != CheckStatus.Completed) is { } open)
            {
                return open.Id;
            }
        }
        var externalId = ExternalId(owner, repo, number);
        // The Re-run button from the start: a run that a crash or an outage leaves open can still be re-run.
        var run = await LookFirst.CreateAsync(
            () => client.Check.Run.Create(owner, repo, new NewCheckRun(options.Value.CheckRunName, sha)
            {
                Status = CheckStatus.Queued,
                ExternalId = externalId,
                Output = new NewCheckRunOutput("Queued", $"ReviewBot will review pull request #{number} at {sha}."),
                Actions = [CheckRunSummary.RerunAction],
            }),
            () => OpenRunAsync(client, owner, repo, number, sha));
        return run.Id;
    }

    /// <summary>
    /// Whether the commit has a completed ReviewBot run of this pull request (not a cancelled one): what makes a review
    /// that was not forced stop before it starts. The Action asks this to tell "already reviewed" from "no run could be made".
    /// </summary>
    public async Task<bool> HasCompletedAsync(IGitHubClient client, string owner, string repo, int number, string sha)
    {
        ArgumentNullException.ThrowIfNull(client);
        return (await LatestAsync(client, owner, repo, number, sha)).Any(IsReviewed);
    }

    /// <summary>A completed run, not a cancelled one: the head was reviewed (or skipped on purpose, which the run says).</summary>
    public static bool IsReviewed(CheckRun run) => run.Status.Value == CheckStatus.Completed && run.Conclusion?.Value != CheckConclusion.Cancelled;

    /// <summary>
    /// The latest ReviewBot run of the commit (GitHub's "latest" filter: the newest run per name), of this App only: a run
    /// of the same name by another App or a workflow job is not ours to take over, nor a sign that the commit was reviewed.
    /// Without an App (the Action, whose runs GitHub Actions' App makes with GITHUB_TOKEN) the name is not enough, since a
    /// workflow job named ReviewBot is a run of that App too: only an Actions run with the external id set here is ours.
    /// </summary>
    public async Task<IReadOnlyList<CheckRun>> LatestAsync(IGitHubClient client, string owner, string repo, int number, string sha) =>
        (await client.Check.Run.GetAllForReference(owner, repo, sha,
            new CheckRunRequest { CheckName = options.Value.CheckRunName, Filter = CheckRunCompletedAtFilter.Latest })).CheckRuns
            .Where(r => options.Value.AppId is { } ours
                ? r.App?.Id == ours
                : r.App?.Slug == ActionsAppSlug && r.ExternalId == ExternalId(owner, repo, number))
            .ToList();

    /// <summary>The slug of the App whose check runs a workflow's GITHUB_TOKEN makes.</summary>
    private const string ActionsAppSlug = "github-actions";

    private static string ExternalId(string owner, string repo, int number) => $"{owner}/{repo}#{number}";

    /// <summary>Whether other instances complete runs too, so a run this process announced may have been completed elsewhere.</summary>
    public bool Shared => locks.Shared;

    /// <summary>Forgets a completed run, so that a re-run creates a fresh one.</summary>
    public void Forget(string owner, string repo, int number, string sha)
    {
        _runs.TryRemove(($"{owner}/{repo}".ToLowerInvariant(), sha), out _);
        _finished[($"{owner}/{repo}".ToLowerInvariant(), sha)] = time.GetUtcNow();
        if (_finished.Count > 10_000)
        {
            foreach (var old in _finished.Where(f => time.GetUtcNow() - f.Value > TimeSpan.FromHours(1)).Select(f => f.Key).ToList())
            {
                _finished.TryRemove(old, out _);
            }
        }
        if (_shasByPull.TryGetValue(PullKey(owner, repo, number), out var shas))
        {
            shas.TryRemove(sha, out _);
        }
    }

    /// <summary>Runs of other head commits of the same pull request still tracked (queued and then superseded).</summary>
    public IReadOnlyList<(string Sha, Task<long?> Run)> Others(string owner, string repo, int number, string sha) =>
        _shasByPull.TryGetValue(PullKey(owner, repo, number), out var shas)
            ? shas.Keys.Where(s => s != sha)
                .Select(s => (Sha: s, Run: _runs.TryGetValue(($"{owner}/{repo}".ToLowerInvariant(), s), out var run) ? run.Value : null))
                .Where(r => r.Run is not null)
                .Select(r => (r.Sha, r.Run!))
                .ToList()
            : [];

    private static string PullKey(string owner, string repo, int number) => $"{owner}/{repo}#{number}".ToLowerInvariant();

    private static partial class Log
    {
        [LoggerMessage(EventId = 464, Level = LogLevel.Warning, Message = "The lock {Lock} was held by another instance for all of {WaitSeconds} s; the check run is looked for on GitHub before one is made")]
        public static partial void LockWaitedOut(ILogger logger, string @lock, double waitSeconds);
    }
}
