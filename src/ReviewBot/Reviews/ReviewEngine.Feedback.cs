namespace ReviewBot.Reviews;

public sealed partial class ReviewEngine
{
    /// <summary>
    /// Drops what the repository's people rejected before (<see cref="PullRequestSnapshot.Suppressions"/>), right after
    /// verification: before a second opinion spends tokens on it. The first matching rule is named in the drop.
    /// </summary>
    private static List<Finding> Suppress(EngineRun run, List<Finding> findings)
    {
        var rules = run.Snapshot.Suppressions;
        if (rules.Count == 0)
        {
            return findings;
        }
        var kept = new List<Finding>();
        foreach (var finding in findings)
        {
            if (rules.FirstOrDefault(r => r.Matches(finding)) is { } rule)
            {
                run.Drop(new DroppedFinding("feedback", $"rule {rule.Id} on {rule.PathGlob} suppresses \"{rule.Claim}\" ({rule.Why})",
                    finding.Title, finding.Path, finding.StartLine) { Rule = rule });
            }
            else
            {
                kept.Add(finding);
            }
        }
        return kept;
    }
}
