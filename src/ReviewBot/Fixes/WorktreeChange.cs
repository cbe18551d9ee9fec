namespace ReviewBot.Fixes;

/// <summary>One path of <c>git diff --raw</c> against the start commit, with its line counts from <c>--numstat</c>.</summary>
public sealed record WorktreeChange(string Status, string OldMode, string NewMode, string? OldPath, string Path)
{
    public const string SymbolicLinkMode = "120000";
    public const string GitlinkMode = "160000";

    public int AddedLines { get; init; }
    public int DeletedLines { get; init; }
    public bool Binary { get; init; }

    public IEnumerable<string> Paths => OldPath is null ? [Path] : [OldPath, Path];

    /// <summary>Records of <c>git diff --raw -z</c>: ":old new oldid newid status\0path\0" and a second path for renames and copies.</summary>
    public static List<WorktreeChange> ParseRaw(string output)
    {
        var fields = output.Split('\0');
        var changes = new List<WorktreeChange>();
        for (var i = 0; i + 1 < fields.Length; i++)
        {
            var meta = fields[i].TrimStart(':').Split(' ');
            if (meta.Length < 5)
            {
                continue;
            }
            var status = meta[4][..1];
            var twoPaths = status is "R" or "C";
            changes.Add(twoPaths
                ? new WorktreeChange(status, meta[0], meta[1], fields[i + 1], fields[i + 2])
                : new WorktreeChange(status, meta[0], meta[1], null, fields[i + 1]));
            i += twoPaths ? 2 : 1;
        }
        return changes;
    }

    /// <summary>Adds the counts of <c>git diff --numstat -z</c> ("added\tdeleted\tpath\0", or "added\tdeleted\t\0old\0new\0"; "-" for binary).</summary>
    public static List<WorktreeChange> WithLineCounts(List<WorktreeChange> changes, string numstat)
    {
        var counts = new Dictionary<string, (string Added, string Deleted)>(StringComparer.Ordinal);
        var fields = numstat.Split('\0');
        for (var i = 0; i < fields.Length; i++)
        {
            var parts = fields[i].Split('\t', 3);
            if (parts.Length < 3)
            {
                continue;
            }
            var path = parts[2];
            if (path.Length == 0 && i + 2 < fields.Length)
            {
                path = fields[i + 2];
                i += 2;
            }
            counts[path] = (parts[0], parts[1]);
        }
        return changes.Select(c => counts.TryGetValue(c.Path, out var n)
            ? c with { AddedLines = Count(n.Added), DeletedLines = Count(n.Deleted), Binary = n.Added == "-" }
            : c).ToList();
    }

    private static int Count(string number) =>
        int.TryParse(number, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
}
