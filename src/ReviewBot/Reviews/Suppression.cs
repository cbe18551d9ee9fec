namespace ReviewBot.Reviews;

/// <summary>
/// A rule a repository's people taught by rejecting a finding (a 👎, a reply saying it is wrong, a thread resolved
/// without a change): a new finding on a path <see cref="PathGlob"/> matches that claims the same problem (the same
/// fingerprint, or mostly the same title words as <see cref="Claim"/>) is dropped in verification with the stage
/// "feedback". Plain data handed to the engine on the snapshot; where rules are kept is not the engine's business.
/// </summary>
/// <param name="Id">A short stable id people name in <c>@agent forget</c>.</param>
/// <param name="Why">Who taught it and how, for the check run ("👎 by @alice on #12").</param>
public sealed record Suppression(string Id, string PathGlob, string Claim, string Why, string Fingerprint)
{
    public bool Matches(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return Glob.IsMatch(PathGlob, finding.Path) && (finding.Fingerprint == Fingerprint || Words.SameClaim(Claim, finding.Title));
    }
}
