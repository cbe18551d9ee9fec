using System.Collections.Concurrent;
using Octokit;
using ReviewBot.GitHub;

namespace ReviewBot.Publishing;

/// <summary>
/// One ReviewBot check run per pull request and head commit, created once whoever asks first: the announcer (status
/// queued, when the job is queued) or the review job (in progress). A run left queued by a review that a newer commit
/// superseded is completed as cancelled when the newer review starts, so no check run is left spinning.
/// </summary>
public sealed class CheckRunTracker(IOptions<GitHubOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Repository, string Sha), Lazy<Task<long>>> _runs = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _shasByPull = new(StringComparer.Ordinal);

    public Task<long> EnsureAsync(IGitHubClient client, string owner, string repo, int number, string sha, CheckStatus status)
    {
        ArgumentNullException.ThrowIfNull(client);
        var key = ($"{owner}/{repo}".ToLowerInvariant(), sha);
        _shasByPull.GetOrAdd(PullKey(owner, repo, number), _ => new()).TryAdd(sha, 0);
        var lazy = _runs.GetOrAdd(key, _ => new Lazy<Task<long>>(async () =>
        {
            var run = await client.Check.Run.Create(owner, repo, new NewCheckRun(options.Value.CheckRunName, sha)
            {
                Status = status,
                StartedAt = status == CheckStatus.InProgress ? time.GetUtcNow() : null,
                ExternalId = $"{owner}/{repo}#{number}",
                Output = new NewCheckRunOutput(status == CheckStatus.Queued ? "Queued" : "Reviewing",
                    status == CheckStatus.Queued ? $"ReviewBot will review pull request #{number} at {sha}." : $"ReviewBot is reviewing pull request #{number} at {sha}."),
            });
            return run.Id;
        }));
        return Observe(key, lazy);
    }

    /// <summary>Takes over a run GitHub already has (created before a restart).</summary>
    public void Adopt(string owner, string repo, int number, string sha, long id)
    {
        _shasByPull.GetOrAdd(PullKey(owner, repo, number), _ => new()).TryAdd(sha, 0);
        _runs.TryAdd(($"{owner}/{repo}".ToLowerInvariant(), sha), new Lazy<Task<long>>(Task.FromResult(id)));
    }

    /// <summary>Forgets a completed run, so that a re-run creates a fresh one.</summary>
    public void Forget(string owner, string repo, int number, string sha)
    {
        _runs.TryRemove(($"{owner}/{repo}".ToLowerInvariant(), sha), out _);
        if (_shasByPull.TryGetValue(PullKey(owner, repo, number), out var shas))
        {
            shas.TryRemove(sha, out _);
        }
    }

    /// <summary>Runs of other head commits of the same pull request still tracked (queued and then superseded).</summary>
    public IReadOnlyList<(string Sha, Task<long> Run)> Others(string owner, string repo, int number, string sha) =>
        _shasByPull.TryGetValue(PullKey(owner, repo, number), out var shas)
            ? shas.Keys.Where(s => s != sha)
                .Select(s => (s, _runs.TryGetValue(($"{owner}/{repo}".ToLowerInvariant(), s), out var run) ? run.Value : null))
                .Where(r => r.Item2 is not null)
                .Select(r => (r.s, r.Item2!))
                .ToList()
            : [];

    private async Task<long> Observe((string, string) key, Lazy<Task<long>> lazy)
    {
        try
        {
            return await lazy.Value;
        }
        catch
        {
            // A failed create is not remembered: the next caller tries again.
            _runs.TryRemove(new KeyValuePair<(string, string), Lazy<Task<long>>>(key, lazy));
            throw;
        }
    }

    private static string PullKey(string owner, string repo, int number) => $"{owner}/{repo}#{number}".ToLowerInvariant();
}
