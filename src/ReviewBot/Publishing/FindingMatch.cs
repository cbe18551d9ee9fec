using ReviewBot.Reviews;

namespace ReviewBot.Publishing;

/// <summary>
/// Is a new finding the same problem as one already posted, although its fingerprint differs (the anchored line was
/// edited, so the hashed code changed)? Same file, on the posted line, or with mostly the same title words.
/// </summary>
public static class FindingMatch
{
    public static bool SameProblem(PostedFinding posted, Finding finding)
    {
        ArgumentNullException.ThrowIfNull(posted);
        ArgumentNullException.ThrowIfNull(finding);
        if (finding.Path != posted.Marker.Path)
        {
            return false;
        }
        var onLine = posted.Marker.Line > 0 && finding.StartLine <= posted.Marker.Line && posted.Marker.Line <= finding.EndLine;
        return onLine || Words.SameClaim(posted.Body.Split('\n')[0], finding.Title);
    }
}
