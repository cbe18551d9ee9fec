namespace ReviewBot.Workspace;

/// <summary>
/// Read access to one git repository (a mirror or a local checkout) by commit and path: nothing here needs a working
/// tree. Disposing releases the mirror for eviction.
/// </summary>
public sealed class GitRepository : IDisposable
{
    private readonly GitRunner _git;
    private readonly Action? _release;

    internal GitRepository(GitRunner git, string gitDirectory, GitCredentials? credentials, Action? release)
    {
        _git = git;
        GitDirectory = gitDirectory;
        Credentials = credentials;
        _release = release;
    }

    public string GitDirectory { get; }

    /// <summary>Used for the lazy blob fetches of a partial clone; null for local repositories.</summary>
    internal GitCredentials? Credentials { get; }

    /// <summary>Opens the repository at or above <paramref name="path"/>, or null when there is none.</summary>
    public static async Task<GitRepository?> OpenLocalAsync(GitRunner git, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(git);
        if (!Directory.Exists(path))
        {
            return null;
        }
        var result = await git.RunAsync(path, ["rev-parse", "--absolute-git-dir"], cancellationToken: cancellationToken);
        return result.Succeeded ? new GitRepository(git, result.StandardOutput.Trim(), null, null) : null;
    }

    /// <summary>The full object id of a commit, or null when <paramref name="revision"/> names none.</summary>
    public async Task<string?> ResolveCommitAsync(string revision, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(revision) || revision.StartsWith('-'))
        {
            return null;
        }
        var result = await RunAsync(["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], cancellationToken);
        return result.Succeeded ? result.StandardOutput.Trim() : null;
    }

    /// <summary>The id of a commit's tree: two commits with the same files have the same tree.</summary>
    public async Task<string> TreeOfAsync(string commit, CancellationToken cancellationToken) =>
        (await RunCheckedAsync(["rev-parse", "--verify", "--quiet", "--end-of-options", commit + "^{tree}"], cancellationToken)).Trim();

    public async Task<bool> IsAncestorAsync(string ancestor, string descendant, CancellationToken cancellationToken) =>
        (await RunAsync(["merge-base", "--is-ancestor", ancestor, descendant], cancellationToken)).ExitCode == 0;

    public async Task<string?> MergeBaseAsync(string first, string second, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["merge-base", first, second], cancellationToken);
        return result.Succeeded ? result.StandardOutput.Trim() : null;
    }

    /// <summary>Starts <c>git diff</c> between two commits; the caller reads the unified diff as it is produced.</summary>
    public GitOutput OpenDiff(string baseCommit, string headCommit, CancellationToken cancellationToken = default) =>
        new(_git.Start(GitDirectory,
            ["-c", "core.quotePath=true", "diff", "--no-color", "--no-ext-diff", "--no-textconv", "-M", "-U3",
             baseCommit, headCommit, "--"], Credentials), _git.Timeout, cancellationToken);

    /// <summary>Opens a <c>git cat-file --batch</c> reader for many blob reads over one process.</summary>
    public BlobReader OpenBlobReader() => new(_git.Start(GitDirectory, ["cat-file", "--batch"], Credentials));

    /// <summary>Files of a commit's tree, with their blob ids.</summary>
    public async Task<IReadOnlyList<TreeEntry>> ListFilesAsync(string commit, CancellationToken cancellationToken)
    {
        var result = await RunCheckedAsync(["ls-tree", "-r", "-z", "--full-tree", commit], cancellationToken);
        var entries = new List<TreeEntry>();
        foreach (var record in result.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            // "<mode> <type> <oid>\t<path>"
            var tab = record.IndexOf('\t', StringComparison.Ordinal);
            var meta = record[..tab].Split(' ');
            if (meta[1] == "blob")
            {
                entries.Add(new TreeEntry(record[(tab + 1)..], meta[2], meta[0]));
            }
        }
        return entries;
    }

    /// <summary>Lines of a commit that contain any of <paramref name="words"/> as a whole word (fixed strings).</summary>
    public async Task<IReadOnlyList<GrepHit>> GrepAsync(string commit, IReadOnlyCollection<string> words, int maxHits,
        CancellationToken cancellationToken, IReadOnlyCollection<string>? pathspecs = null)
    {
        if (words.Count == 0)
        {
            return [];
        }
        List<string> arguments = ["grep", "-n", "-w", "-I", "-F", "-z", "--full-name", "--no-color"];
        foreach (var word in words)
        {
            arguments.Add("-e");
            arguments.Add(word);
        }
        arguments.Add(commit);
        arguments.Add("--");
        arguments.AddRange(pathspecs ?? []);
        var result = await RunAsync(arguments, cancellationToken);
        if (result.ExitCode > 1)
        {
            throw new WorkspaceException($"git grep failed: {result.StandardError.Trim()}");
        }
        var hits = new List<GrepHit>();
        var prefix = commit + ":";
        foreach (var line in result.StandardOutput.Split('\n'))
        {
            // "<commit>:<path>\0<line>\0<text>"
            var parts = line.Split('\0', 3);
            if (parts.Length == 3 && parts[0].StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(parts[1], out var number))
            {
                hits.Add(new GrepHit(parts[0][prefix.Length..], number, parts[2]));
                if (hits.Count >= maxHits)
                {
                    break;
                }
            }
        }
        return hits;
    }

    /// <summary>How many lines of a commit contain <paramref name="text"/> (a fixed string), capped at a few.</summary>
    public async Task<int> GrepFixedAsync(string commit, string text, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["grep", "-F", "-I", "-c", "--no-color", "-e", text, commit, "--"], cancellationToken);
        if (result.ExitCode > 1)
        {
            throw new WorkspaceException($"git grep failed: {result.StandardError.Trim()}");
        }
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Sum(line => int.TryParse(line[(line.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0);
    }

    /// <summary>The commits in <c>base..head</c>, oldest first.</summary>
    public async Task<IReadOnlyList<CommitInfo>> LogAsync(string baseCommit, string headCommit, int max, CancellationToken cancellationToken)
    {
        var output = await RunCheckedAsync(
            ["log", "--reverse", $"--max-count={max}", "--format=%H%x00%an%x00%s%x00%b%x1e", $"{baseCommit}..{headCommit}"],
            cancellationToken);
        return output.Split('\x1e', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(record => record.Split('\0'))
            .Where(parts => parts.Length == 4)
            .Select(parts => new CommitInfo(parts[0], parts[1], parts[2], parts[3].Trim()))
            .ToList();
    }

    /// <summary>
    /// Fetches, in one round trip, the blobs of <paramref name="commit"/> that a partial clone lacks and that
    /// <paramref name="wanted"/> selects, so that grep and blob reads do not fetch them one by one.
    /// </summary>
    public async Task<int> PrefetchBlobsAsync(string commit, Func<string, bool> wanted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        var promisor = await RunAsync(["config", "--get", "remote.origin.promisor"], cancellationToken);
        if (promisor.StandardOutput.Trim() != "true")
        {
            return 0;
        }
        var missing = await RunCheckedAsync(["rev-list", "--objects", "--no-walk", "--missing=print", commit], cancellationToken);
        var missingIds = missing.Split('\n').Where(l => l.StartsWith('?')).Select(l => l[1..].Trim()).ToHashSet(StringComparer.Ordinal);
        if (missingIds.Count == 0)
        {
            return 0;
        }
        var ids = (await ListFilesAsync(commit, cancellationToken))
            .Where(entry => missingIds.Contains(entry.ObjectId) && wanted(entry.Path))
            .Select(entry => entry.ObjectId)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (ids.Count == 0)
        {
            return 0;
        }
        var fetch = await _git.RunAsync(GitDirectory,
            ["-c", "fetch.negotiationAlgorithm=noop", "fetch", "origin", "--no-tags", "--no-write-fetch-head",
             "--recurse-submodules=no", "--filter=blob:none", "--stdin"],
            Credentials, string.Join('\n', ids) + "\n", cancellationToken);
        if (!fetch.Succeeded)
        {
            throw new WorkspaceException($"git could not fetch {ids.Count} blob(s): {fetch.StandardError.Trim()}");
        }
        return ids.Count;
    }

    /// <summary>A detached working tree of <paramref name="commit"/> at <paramref name="path"/> (for fixes).</summary>
    public async Task AddWorktreeAsync(string path, string commit, CancellationToken cancellationToken) =>
        await RunCheckedAsync(["worktree", "add", "--detach", "--force", path, commit], cancellationToken);

    public async Task RemoveWorktreeAsync(string path, CancellationToken cancellationToken)
    {
        await RunAsync(["worktree", "remove", "--force", path], cancellationToken);
        await RunAsync(["worktree", "prune"], cancellationToken);
    }

    internal Task<GitResult> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        _git.RunAsync(GitDirectory, arguments, Credentials, cancellationToken: cancellationToken);

    private async Task<string> RunCheckedAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await RunAsync(arguments, cancellationToken);
        return result.Succeeded
            ? result.StandardOutput
            : throw new WorkspaceException($"git {arguments[0]} failed: {result.StandardError.Trim()}");
    }

    public void Dispose() => _release?.Invoke();
}
