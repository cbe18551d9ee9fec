using System.Text.RegularExpressions;

namespace ReviewBot.Publishing;

/// <summary>
/// Hidden markers in what the bot posts, so that GitHub itself is the record of what was reviewed and said: a review
/// carries its head commit; a finding comment carries its fingerprint and the head commit it was found at. Markers are
/// only trusted in comments written by the App's own account (<see cref="BotAccount"/>), so nobody else can silence a
/// finding by pasting one.
/// </summary>
public static partial class Markers
{
    public static string Review(string headSha) => $"<!-- reviewbot:review head={headSha} -->";

    public static string Finding(string fingerprint, string headSha, string path, int line) =>
        $"<!-- reviewbot:finding fp={fingerprint} head={headSha} path={Uri.EscapeDataString(path)} line={line} -->";

    /// <summary>A finding kept in a review's summary: said once, so a re-run does not say it again.</summary>
    public static string Summary(string fingerprint) => $"<!-- reviewbot:summary fp={fingerprint} -->";

    /// <summary>Only the marker that ends the body counts: text quoted earlier in it (paths, titles, code) cannot pose as one.</summary>
    public static string? ReviewHead(string? body) =>
        body is not null && ReviewPattern().Match(body.TrimEnd()) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>
    /// The summary markers on the lines just before the review marker, where the bot writes them: a marker quoted in code
    /// earlier in the body (code is posted as it is) is not one.
    /// </summary>
    public static IReadOnlyList<string> SummaryFingerprints(string? body)
    {
        if (body is null || ReviewHead(body) is null)
        {
            return [];
        }
        var lines = body.TrimEnd().Split('\n');
        var fingerprints = new List<string>();
        for (var i = lines.Length - 2; i >= 0 && SummaryPattern().Match(lines[i].TrimEnd('\r')) is { Success: true } m; i--)
        {
            fingerprints.Insert(0, m.Groups[1].Value);
        }
        return fingerprints;
    }

    public static FindingMarker? FindingIn(string? body)
    {
        if (body is null || FindingPattern().Match(body.TrimEnd()) is not { Success: true } m)
        {
            return null;
        }
        return new FindingMarker(m.Groups[1].Value, m.Groups[2].Value, Uri.UnescapeDataString(m.Groups[3].Value),
            int.Parse(m.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"<!-- reviewbot:review head=([0-9a-f]{7,64}) -->\z")]
    private static partial Regex ReviewPattern();

    [GeneratedRegex(@"<!-- reviewbot:finding fp=([0-9a-f]{8,64}) head=([0-9a-f]{7,64}) path=(\S+) line=(\d{1,9}) -->\z")]
    private static partial Regex FindingPattern();

    [GeneratedRegex(@"^<!-- reviewbot:summary fp=([0-9a-f]{8,64}) -->$")]
    private static partial Regex SummaryPattern();
}

/// <summary>What a finding comment's marker says: which finding, found at which head commit, where.</summary>
public sealed record FindingMarker(string Fingerprint, string HeadSha, string Path, int Line);
