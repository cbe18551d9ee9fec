using System.Collections.Concurrent;
using ReviewBot.Model;

namespace ReviewBot.Reviews;

/// <summary>
/// The state of one engine run that its chunks share while they are reviewed in parallel: the token budget reserved and
/// spent, the answers, what was dropped, and the notes. Reservations are atomic; the tallies are kept under one lock.
/// </summary>
internal sealed class EngineRun(PullRequestSnapshot snapshot, ModelOptions options, long started) : IDisposable
{
    private readonly Lock _lock = new();
    private long _reserved;

    public PullRequestSnapshot Snapshot { get; } = snapshot;

    public ModelOptions Options { get; } = options;

    public long Started { get; } = started;

    public SemaphoreSlim Gate { get; } = new(options.MaxConcurrency);

    /// <summary>What the model client masked before anything was sent.</summary>
    public SecretTally Masked { get; } = new();

    public ConcurrentDictionary<int, ModelReview> Answers { get; } = new();

    public ConcurrentBag<DroppedFinding> Dropped { get; } = [];

    public List<string> Notes { get; } = [.. snapshot.Settings.Problems];

    public TokenUsage Usage { get; set; } = TokenUsage.None;

    public int PromptTokens { get; private set; }

    public int ContextItems { get; private set; }

    public long Reserved => Interlocked.Read(ref _reserved);

    /// <summary>Reserves a chunk's estimated tokens, or refuses when that would go past the review's budget.</summary>
    public bool TryReserve(int estimate)
    {
        if (Interlocked.Add(ref _reserved, estimate) <= Options.ReviewTokens)
        {
            return true;
        }
        Interlocked.Add(ref _reserved, -estimate);
        return false;
    }

    /// <summary>Settles a reservation with what was spent (a retried answer costs a second call).</summary>
    public void Settle(int estimate, TokenUsage usage, int contextItems)
    {
        var spent = usage.Total > 0 ? usage.Total : (long)estimate * Math.Max(1, usage.Calls);
        Interlocked.Add(ref _reserved, spent - estimate);
        lock (_lock)
        {
            Usage += usage;
            PromptTokens += estimate - Options.MaxOutputTokens;
            ContextItems += contextItems;
        }
    }

    public void Drop(DroppedFinding dropped) => Dropped.Add(dropped);

    public void DropAll(IEnumerable<DroppedFinding> dropped)
    {
        foreach (var d in dropped)
        {
            Dropped.Add(d);
        }
    }

    public void Dispose() => Gate.Dispose();
}
