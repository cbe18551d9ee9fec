namespace ReviewBot.Fixes;

/// <summary>
/// Whether a fix as it stands in its worktree may go on to verification and a commit: the reasons when it may not, and
/// in either case the unified diff against the commit the agent started from and every path it touches (both sides
/// of a rename), which is what the commit stages and what the reply shows as suggestions.
/// </summary>
public sealed record FixValidation(bool Ok, IReadOnlyList<string> Reasons, string Diff, IReadOnlyList<string> ChangedPaths)
{
    public static FixValidation Refused(string reason) => new(false, [reason], "", []);
}
