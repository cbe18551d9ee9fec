using System.Diagnostics;
using ReviewBot.Diff;

namespace ReviewBot.Tests.Diff;

/// <summary>
/// Checks the parser against git itself, commit by commit: every added line must be the head blob's line at its new
/// number, every removed line the base blob's line at its old number, context lines both, the no-newline mark exactly on
/// a last line without <c>\n</c>; names, binary-ness and added/removed counts must match <c>git diff --numstat</c>.
/// Shared by the NUnit property tests and the by-hand <c>diff-property</c> verb of ReviewBot.Benchmarks, so it uses no NUnit.
/// </summary>
public sealed partial class DiffPropertyChecker(string repository) : IDisposable
{
    /// <summary>The id of git's empty tree: the base of a root commit.</summary>
    public const string EmptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    private const int FailuresKept = 25;

    // Everything that changes how the diff reads is spelled out, so the user's git configuration cannot change it.
    private static readonly string[] DiffOptions =
        ["-c", "core.quotePath=true", "diff", "--no-color", "--no-ext-diff", "--no-textconv", "--src-prefix=a/", "--dst-prefix=b/", "-M", "-C"];

    private static readonly string[] NumstatOptions =
        ["-c", "core.quotePath=true", "diff", "--numstat", "-z", "--no-ext-diff", "--no-textconv", "-M", "-C"];

    private readonly BlobReader _blobs = new(repository);
    private readonly List<string> _failures = [];
    private readonly List<string> _skipped = [];
    private readonly Stopwatch _clock = new();
    private int _commits;
    private int _files;
    private long _lines;
    private long _failureCount;

    /// <summary>What has been checked so far.</summary>
    public DiffPropertyReport Report => new(repository, _commits, _files, _lines, _failureCount, [.. _failures], [.. _skipped], _clock.Elapsed);

    /// <summary>Non-merge commits on the first-parent line from HEAD, newest first, each with its parent (null for a root or a shallow boundary).</summary>
    public static IReadOnlyList<(string Commit, string? Parent)> FirstParentCommits(string repository, int? max = null)
    {
        string[] args = ["rev-list", "--first-parent", "--no-merges", "--parents", .. max is { } n ? [$"--max-count={n}"] : Array.Empty<string>(), "HEAD"];
        return [.. Git(repository, args)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .Select(ids => (ids[0], ids.Length > 1 ? ids[1] : (string?)null))];
    }

    /// <summary>The diff the checker parses, from <paramref name="parent"/> (the empty tree when null) to <paramref name="commit"/>.</summary>
    public static string Diff(string repository, string? parent, string commit) => Git(repository, [.. DiffOptions, parent ?? EmptyTree, commit]);

    /// <summary>Checks <paramref name="maxCommits"/> commits (all when null) from HEAD back; <paramref name="progress"/> hears every 50th.</summary>
    public DiffPropertyReport CheckHistory(int? maxCommits = null, Action<DiffPropertyReport>? progress = null)
    {
        foreach (var (commit, parent) in FirstParentCommits(repository, maxCommits))
        {
            CheckCommit(commit, parent);
            if (_commits % 50 == 0)
            {
                progress?.Invoke(Report);
            }
        }

        return Report;
    }

    /// <summary>
    /// Checks the diff from <paramref name="parent"/> (the empty tree when null) to <paramref name="commit"/>. A commit git
    /// cannot diff (an object is missing) is skipped and listed in the report, not failed.
    /// </summary>
    public void CheckCommit(string commit, string? parent)
    {
        _clock.Start();
        var @base = parent ?? EmptyTree;
        var where = commit[..Math.Min(12, commit.Length)];
        List<Numstat> stats;
        try
        {
            stats = Numstat.Parse(GitBytes(repository, [.. NumstatOptions, @base, commit]));
        }
        catch (InvalidOperationException e)
        {
            // git itself cannot diff the pair (a snapshot without its largest blobs): nothing to check the parser against.
            _skipped.Add($"{where}: {e.Message}");
            _clock.Stop();
            return;
        }

        using var git = StartGit(repository, [.. DiffOptions, @base, commit]);
        var errors = git.StandardError.ReadToEndAsync();
        var (seen, parsed) = (0, true);
        (FileDiff File, Numstat Stat)? pending = null;
        try
        {
            foreach (var file in DiffParser.Parse(git.StandardOutput))
            {
                _files++;
                var at = $"{where} {file.Path}";
                if (!file.IsBinary && file.OldMode != "160000" && file.NewMode != "160000")
                {
                    CheckLines(at, file, @base, commit);
                }

                // A type change (file to symlink) is one --numstat entry but two patches: deleted, then added.
                if (pending is (var deleted, var stat) && deleted.Kind == FileChangeKind.Deleted && file.Kind == FileChangeKind.Added && file.Path == deleted.Path)
                {
                    CheckStat(at, file.Path, null, deleted.IsBinary || file.IsBinary, deleted.AddedCount + file.AddedCount, deleted.RemovedCount + file.RemovedCount, stat);
                    pending = null;
                    continue;
                }

                CheckPending(where, pending);
                pending = seen < stats.Count ? (file, stats[seen++]) : null;
                if (pending is null)
                {
                    Fail(at, "the diff has more files than --numstat");
                }
            }

            CheckPending(where, pending);
            if (seen != stats.Count)
            {
                Fail(where, $"--numstat lists {stats.Count} files, the parser found {seen}");
            }
        }
        catch (FormatException e)
        {
            Fail(where, $"parse error: {e.Message}");
            parsed = false;
            git.Kill();
        }

        git.WaitForExit();
        if (git.ExitCode != 0 && parsed)
        {
            Fail(where, $"git diff exited with {git.ExitCode}: {errors.GetAwaiter().GetResult().Trim()}");
        }

        _commits++;
        _clock.Stop();
    }

    public void Dispose() => _blobs.Dispose();

    private void CheckPending(string where, (FileDiff File, Numstat Stat)? pending)
    {
        if (pending is (var file, var stat))
        {
            var oldPath = file.Kind is FileChangeKind.Renamed or FileChangeKind.Copied ? file.OldPath : null;

            // A binary file renamed or copied unchanged, or with only a new mode, is "-" in --numstat, but its patch has no
            // content and so no "Binary files" line: the diff does not say, and the parser cannot know.
            var unchangedContent = file.Hunks.Count == 0 && (file.Kind == FileChangeKind.Modified || file.Similarity == 100);
            var binary = file.IsBinary || (stat.IsBinary && unchangedContent);
            CheckStat($"{where} {file.Path}", file.Path, oldPath, binary, file.AddedCount, file.RemovedCount, stat);
        }
    }

    private void CheckStat(string at, string path, string? oldPath, bool binary, int added, int removed, Numstat stat)
    {
        if ((stat.OldPath, stat.Path) != (oldPath, path))
        {
            Fail(at, $"--numstat names {stat.OldPath ?? "-"} => {stat.Path}, the parser {oldPath ?? "-"} => {path}");
        }

        if (stat.IsBinary != binary)
        {
            Fail(at, $"--numstat says binary {stat.IsBinary}, the parser {binary}");
        }
        else if (!stat.IsBinary && (stat.Added, stat.Removed) != (added, removed))
        {
            Fail(at, $"--numstat counts +{stat.Added} -{stat.Removed}, the parser +{added} -{removed}");
        }
    }

    private void CheckLines(string at, FileDiff file, string @base, string commit)
    {
        var old = file.OldPath is not null && file.Hunks.Any(h => h.OldCount > 0) ? _blobs.Read(@base, file.OldPath) : null;
        var @new = file.NewPath is not null && file.Hunks.Any(h => h.NewCount > 0) ? _blobs.Read(commit, file.NewPath) : null;
        foreach (var line in file.Hunks.SelectMany(h => h.Lines))
        {
            _lines++;
            if (line.OldLine is { } oldLine)
            {
                Compare(at, "old", old, oldLine, line);
            }

            if (line.NewLine is { } newLine)
            {
                Compare(at, "new", @new, newLine, line);
            }
        }
    }

    private void Compare(string at, string side, Blob? blob, int number, DiffLine line)
    {
        if (blob is null || number > blob.Lines.Length)
        {
            Fail(at, $"{line.Kind} line {side} {number} is past the end of the {side} file ({blob?.Lines.Length.ToString() ?? "missing"} lines)");
            return;
        }

        if (blob.Lines[number - 1] != line.Text)
        {
            Fail(at, $"{line.Kind} line {side} {number}: parsed '{Visible(line.Text)}', the file has '{Visible(blob.Lines[number - 1])}'");
        }

        var lastWithoutNewline = number == blob.Lines.Length && !blob.EndsWithNewline;
        if (line.NoNewlineAtEnd != lastWithoutNewline)
        {
            Fail(at, $"{line.Kind} line {side} {number}: NoNewlineAtEnd is {line.NoNewlineAtEnd}, the file says {lastWithoutNewline}");
        }
    }

    private void Fail(string at, string message)
    {
        _failureCount++;
        if (_failures.Count < FailuresKept)
        {
            _failures.Add($"{at}: {message}");
        }
    }

    private static string Visible(string text) =>
        (text.Length > 80 ? text[..80] + "…" : text).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
