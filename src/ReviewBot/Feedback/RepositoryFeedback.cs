namespace ReviewBot.Feedback;

/// <summary>
/// One repository's feedback as its file holds it: the rules, what was accepted and rejected, and which signals were
/// already counted, so reading a pull request again never counts one twice.
/// </summary>
public sealed class RepositoryFeedback
{
    /// <summary>Signal ids remembered per repository; past it the oldest are forgotten (their comments are long settled).</summary>
    public const int MaxSignals = 5_000;

    public int Version { get; set; } = 1;

    public string Repository { get; set; } = "";

    public List<FeedbackRule> Rules { get; set; } = [];

    public int Accepted { get; set; }

    public int Rejected { get; set; }

    /// <summary>The ids of the signals counted (comment id, kind, user), oldest first.</summary>
    public List<string> Signals { get; set; } = [];

    /// <summary>Per finding comment, the 👍/👎 counts when its reactions were last listed: listed again only when they change.</summary>
    public Dictionary<string, string> Rollups { get; set; } = [];

    public bool HasSeen(string signalId) => Signals.Contains(signalId, StringComparer.Ordinal);

    public void Remember(string signalId)
    {
        Signals.Add(signalId);
        if (Signals.Count > MaxSignals)
        {
            Signals.RemoveRange(0, Signals.Count - MaxSignals);
        }
    }
}

/// <summary>What the status page shows of one repository's feedback.</summary>
public sealed record FeedbackStanding(string Repository, int Accepted, int Rejected, int Rules);
