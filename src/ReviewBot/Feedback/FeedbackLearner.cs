using ReviewBot.Telemetry;

namespace ReviewBot.Feedback;

/// <summary>
/// The Feedback part as the rest of the service sees it: learn from a look at a pull request (signals read, counted once,
/// rejections made rules), the rules of a repository, and forgetting them. A failure to read or write the store never
/// stops a review: it is logged and the review goes on with the rules it could read (none, at worst).
/// </summary>
public sealed partial class FeedbackLearner(FeedbackStore store, FeedbackCollector collector, IOptions<FeedbackOptions> options, TimeProvider time,
    ILogger<FeedbackLearner> logger)
{
    /// <summary>Reads the pull request's new signals into the repository's feedback, and returns its rules as they stand after.</summary>
    public async Task<IReadOnlyList<FeedbackRule>> LearnAsync(FeedbackLook look, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(look);
        try
        {
            var known = await store.ReadAsync(look.FullName, cancellationToken);
            var harvest = await collector.CollectAsync(look, known, cancellationToken);
            if (harvest.IsEmpty)
            {
                return known.Rules;
            }
            var counted = new List<FeedbackSignal>();
            var after = await store.UpdateAsync(look.FullName, feedback => Record(feedback, harvest, counted), cancellationToken);
            foreach (var signal in counted)
            {
                Metrics.Feedback(look.FullName, signal.Rejects ? "rejected" : "accepted");
                Log.Counted(logger, look.FullName, look.Number, signal.Rejects ? "rejection" : "acceptance", signal.Id, signal.Why);
            }
            return after.Rules;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.StoreFailed(logger, look.FullName, store.Directory, ex.Message);
            return [];
        }
    }

    /// <summary>The repository's rules, or none when the store cannot be read (logged).</summary>
    public async Task<IReadOnlyList<FeedbackRule>> RulesAsync(string repository, CancellationToken cancellationToken)
    {
        try
        {
            return (await store.ReadAsync(repository, cancellationToken)).Rules;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.StoreFailed(logger, repository, store.Directory, ex.Message);
            return [];
        }
    }

    /// <summary>Removes the rule with this id, or every rule for "all"; returns what was removed (nothing for an unknown id).</summary>
    /// <remarks>The signals stay remembered: the 👎 that made a forgotten rule does not make it again; a new rejection does.</remarks>
    public async Task<IReadOnlyList<FeedbackRule>> ForgetAsync(string repository, string idOrAll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrAll);
        var removed = new List<FeedbackRule>();
        var all = idOrAll.Equals("all", StringComparison.OrdinalIgnoreCase);
        await store.UpdateAsync(repository, feedback =>
        {
            removed.AddRange(feedback.Rules.Where(r => all || r.Id.Equals(idOrAll, StringComparison.OrdinalIgnoreCase)));
            feedback.Rules.RemoveAll(removed.Contains);
            return removed.Count > 0;
        }, cancellationToken);
        return removed;
    }

    /// <summary>What the status page shows: each repository's counts and rules.</summary>
    public IReadOnlyList<FeedbackStanding> Standings() => store.Standings();

    /// <summary>Counts what is not counted yet (another instance may have counted it since the read) and makes rules of rejections.</summary>
    private bool Record(RepositoryFeedback feedback, FeedbackHarvest harvest, List<FeedbackSignal> counted)
    {
        foreach (var signal in harvest.Counted.Where(s => !feedback.HasSeen(s.Id)))
        {
            feedback.Remember(signal.Id);
            counted.Add(signal);
            if (!signal.Rejects)
            {
                feedback.Accepted++;
                continue;
            }
            feedback.Rejected++;
            var id = FeedbackRule.IdFor(feedback.Repository, signal.Finding.Marker.Fingerprint);
            if (feedback.Rules.All(r => r.Id != id))
            {
                feedback.Rules.Add(new FeedbackRule(id, feedback.Repository, signal.Finding.Marker.Path, signal.Finding.Title, signal.Why,
                    time.GetUtcNow(), signal.Finding.Marker.Fingerprint));
            }
        }
        foreach (var id in harvest.Ignored.Where(i => !feedback.HasSeen(i)))
        {
            feedback.Remember(id);
        }
        foreach (var (comment, rollup) in harvest.Rollups)
        {
            feedback.Rollups[comment] = rollup;
        }
        if (feedback.Rules.Count > options.Value.MaxRules)
        {
            feedback.Rules.RemoveRange(0, feedback.Rules.Count - options.Value.MaxRules);
        }
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1705, Level = LogLevel.Information, Message = "Feedback on {Repository}#{PullNumber}: {Kind} {SignalId} ({Why})")]
        public static partial void Counted(ILogger logger, string repository, int pullNumber, string kind, string signalId, string why);

        [LoggerMessage(EventId = 1706, Level = LogLevel.Error, Message = "The feedback of {Repository} could not be read or written in {Directory} ({Reason}); reviewing without its rules")]
        public static partial void StoreFailed(ILogger logger, string repository, string directory, string reason);
    }
}
