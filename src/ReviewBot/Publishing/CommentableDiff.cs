using Octokit;
using ReviewBot.Diff;

namespace ReviewBot.Publishing;

/// <summary>
/// What GitHub will accept a comment on, from GitHub's own patches of the pull request (the files API, all pages): a
/// right-side line must be an added or context line of a hunk, a left-side line a removed line, and a range must stay in
/// one hunk. A file without a patch (binary, too large) takes file-level comments only.
/// </summary>
public sealed class CommentableDiff
{
    private readonly Dictionary<string, FileDiff?> _files;

    private CommentableDiff(Dictionary<string, FileDiff?> files) => _files = files;

    public static CommentableDiff From(IEnumerable<(string Path, string? Patch)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var map = new Dictionary<string, FileDiff?>(StringComparer.Ordinal);
        foreach (var (path, patch) in files)
        {
            FileDiff? diff = null;
            if (!string.IsNullOrEmpty(patch))
            {
                try
                {
                    diff = DiffParser.ParsePatch(path, patch);
                }
                catch (FormatException)
                {
                    // A patch we cannot read still names a file in the pull request: file-level comments only.
                }
            }
            map[path] = diff;
        }
        return new CommentableDiff(map);
    }

    public static CommentableDiff From(IEnumerable<PullRequestFile> files) =>
        From(files.Select(f => (f.FileName, (string?)f.Patch)));

    public bool HasFile(string path) => _files.ContainsKey(path);

    /// <summary>Can a comment span <paramref name="start"/>..<paramref name="end"/> on this side of the file?</summary>
    public bool CanComment(string path, int start, int end, bool left)
    {
        if (!_files.TryGetValue(path, out var file) || file is null || start < 1 || end < start)
        {
            return false;
        }
        if (left)
        {
            return Enumerable.Range(start, end - start + 1).All(file.IsRemovedInHunk) && SameHunkLeft(file, start, end);
        }
        var hunk = file.HunkContaining(start);
        return hunk is not null && ReferenceEquals(hunk, file.HunkContaining(end));
    }

    private static bool SameHunkLeft(FileDiff file, int start, int end) =>
        file.Hunks.Any(h => h.OldStart <= start && end < h.OldStart + Math.Max(h.OldCount, 1));
}
