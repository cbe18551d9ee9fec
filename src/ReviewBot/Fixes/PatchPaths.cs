namespace ReviewBot.Fixes;

/// <summary>
/// The paths a unified diff names (its ---/+++ headers and rename or copy lines), without the a/ and b/ prefixes, and
/// whether it had them. A diff that makes a symbolic link or a submodule, or carries binary data, is refused.
/// </summary>
public sealed record PatchPaths(IReadOnlyList<string> Names, bool Prefixed)
{
    private static readonly string[] NameLines = ["rename from ", "rename to ", "copy from ", "copy to "];

    public static PatchPaths Read(string diff, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(diff);
        problem = null;
        var lines = diff.Split('\n');
        var headers = new List<string>();
        var named = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("GIT binary patch", StringComparison.Ordinal) || line.StartsWith("Binary files ", StringComparison.Ordinal))
            {
                problem = "binary patches are not accepted";
                return new([], false);
            }
            if (IsModeLine(line) && (line.EndsWith(" 120000", StringComparison.Ordinal) || line.EndsWith(" 160000", StringComparison.Ordinal)))
            {
                problem = "the patch makes a symbolic link or a submodule; only regular files may change";
                return new([], false);
            }
            if (line.StartsWith("--- ", StringComparison.Ordinal) && i + 1 < lines.Length && lines[i + 1].StartsWith("+++ ", StringComparison.Ordinal))
            {
                headers.Add(HeaderPath(line));
                headers.Add(HeaderPath(lines[++i]));
            }
            else if (NameLines.FirstOrDefault(p => line.StartsWith(p, StringComparison.Ordinal)) is { } prefix)
            {
                // Rename and copy lines never carry the a/ and b/ prefixes.
                named.Add(Unquote(line[prefix.Length..]));
            }
        }
        headers.RemoveAll(p => p == "/dev/null");
        if (headers.Count == 0 && named.Count == 0)
        {
            problem = "the diff has no file headers (--- a/path and +++ b/path lines)";
            return new([], false);
        }
        var prefixed = headers.All(p => p.StartsWith("a/", StringComparison.Ordinal) || p.StartsWith("b/", StringComparison.Ordinal));
        var names = headers.Select(p => prefixed ? p[2..] : p).Concat(named).Distinct(StringComparer.Ordinal).ToList();
        return new(names, prefixed);
    }

    private static bool IsModeLine(string line) =>
        line.StartsWith("new file mode ", StringComparison.Ordinal) || line.StartsWith("new mode ", StringComparison.Ordinal)
        || line.StartsWith("old mode ", StringComparison.Ordinal) || line.StartsWith("deleted file mode ", StringComparison.Ordinal);

    /// <summary>"--- a/src/x.cs\t2026-01-01" gives "a/src/x.cs".</summary>
    private static string HeaderPath(string line)
    {
        var path = line[4..];
        var tab = path.IndexOf('\t', StringComparison.Ordinal);
        return Unquote(tab >= 0 ? path[..tab] : path.TrimEnd());
    }

    private static string Unquote(string path) =>
        path.Length >= 2 && path[0] == '"' && path[^1] == '"' ? path[1..^1] : path;
}
