using Octokit;
using ReviewBot.Publishing;

namespace ReviewBot.Reconciling;

/// <summary>What the reconciler makes of a head commit's ReviewBot check runs.</summary>
public enum ReconcilerVerdict
{
    /// <summary>A completed run: the review happened (or was skipped on purpose, which the run says).</summary>
    Reviewed,

    /// <summary>A run queued or in progress for less than <see cref="ReconcilerOptions.StaleAfter"/>: a review is under way.</summary>
    UnderWay,

    /// <summary>No run, or only a cancelled one: the webhook was lost, or the review ended before it was done.</summary>
    Missing,

    /// <summary>A run queued or in progress for longer than <see cref="ReconcilerOptions.StaleAfter"/>: its review died with its process.</summary>
    Stale,
}

public static class ReconcilerVerdicts
{
    /// <summary>Judged as the review job judges the runs it finds (<see cref="CheckRunTracker.IsReviewed"/>), plus how long an open one has been open.</summary>
    public static ReconcilerVerdict Judge(IReadOnlyList<CheckRun> runs, DateTimeOffset now, TimeSpan staleAfter)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Any(CheckRunTracker.IsReviewed))
        {
            return ReconcilerVerdict.Reviewed;
        }
        var open = runs.Where(r => r.Status.Value != CheckStatus.Completed).ToList();
        if (open.Count == 0)
        {
            return ReconcilerVerdict.Missing;
        }
        return open.Any(r => now - r.StartedAt < staleAfter) ? ReconcilerVerdict.UnderWay : ReconcilerVerdict.Stale;
    }
}
