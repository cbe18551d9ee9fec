using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace ReviewBot.Workspace;

/// <summary>
/// One bare partial-clone mirror per repository under <see cref="WorkspaceOptions.Root"/>. Opening a mirror fetches the
/// commits asked for (commits and trees only; blobs come when read), one fetch per repository at a time. Mirrors in use
/// are never evicted; the others go least recently used first when the disk budget is exceeded. A mirror git cannot read
/// is deleted and cloned again.
/// </summary>
public sealed partial class RepositoryMirrors(
    GitRunner git,
    IOptions<WorkspaceOptions> options,
    TimeProvider time,
    ILogger<RepositoryMirrors> logger)
{
    private const string LastUsedFile = "reviewbot-last-used";
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _inUse = new(StringComparer.Ordinal);

    /// <summary>Opens the mirror of <paramref name="cloneUrl"/> holding every commit of <paramref name="commits"/>.</summary>
    public async Task<GitRepository> OpenAsync(Uri cloneUrl, GitCredentials? credentials, IReadOnlyCollection<string> commits,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cloneUrl);
        ArgumentNullException.ThrowIfNull(commits);
        var path = MirrorPath(cloneUrl);
        var gate = _locks.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        _inUse.AddOrUpdate(path, 1, (_, n) => n + 1);
        var released = 0;
        void Release()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                _inUse.AddOrUpdate(path, 0, (_, n) => n - 1);
                Touch(path);
            }
        }

        try
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                await EnsureCommitsAsync(path, cloneUrl, credentials, commits, cancellationToken);
                Touch(path);
            }
            finally
            {
                gate.Release();
            }
            await EnforceBudgetAsync(cancellationToken);
            return new GitRepository(git, path, credentials, Release);
        }
        catch
        {
            Release();
            throw;
        }
    }

    private async Task EnsureCommitsAsync(string path, Uri cloneUrl, GitCredentials? credentials, IReadOnlyCollection<string> commits,
        CancellationToken cancellationToken)
    {
        try
        {
            await FetchAsync(path, cloneUrl, credentials, commits, cancellationToken);
        }
        catch (WorkspaceException ex) when (Directory.Exists(path) && LooksCorrupt(ex.Message) && _inUse.GetValueOrDefault(path) <= 1)
        {
            // Only when no other review holds this mirror: deleting it under them would break their reads.
            Log.Recloning(logger, SafeUrl(cloneUrl), ex.Message);
            Delete(path);
            await FetchAsync(path, cloneUrl, credentials, commits, cancellationToken);
        }
    }

    private async Task FetchAsync(string path, Uri cloneUrl, GitCredentials? credentials, IReadOnlyCollection<string> commits,
        CancellationToken cancellationToken)
    {
        if (Directory.Exists(path) && !(await git.RunAsync(path, ["rev-parse", "--git-dir"], cancellationToken: cancellationToken)).Succeeded)
        {
            throw new WorkspaceException("not a git repository (corrupt mirror)");
        }
        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path);
            await CheckedAsync(path, ["init", "--bare", "--quiet"], null, cancellationToken);
            // The URL carries no secret (the token travels as a header); gc stays off so fetched-by-id commits that no
            // ref names are not pruned between reviews.
            await CheckedAsync(path, ["config", "remote.origin.url", cloneUrl.OriginalString], null, cancellationToken);
            await CheckedAsync(path, ["config", "gc.auto", "0"], null, cancellationToken);
            await CheckedAsync(path, ["config", "core.logAllRefUpdates", "false"], null, cancellationToken);
        }

        var missing = new List<string>();
        foreach (var commit in commits.Distinct(StringComparer.Ordinal))
        {
            var present = await git.RunAsync(path, ["cat-file", "-e", commit + "^{commit}"], credentials, cancellationToken: cancellationToken);
            if (!present.Succeeded)
            {
                missing.Add(commit);
            }
        }
        if (missing.Count == 0)
        {
            return;
        }

        var started = time.GetTimestamp();
        List<string> fetch = ["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--filter=blob:none", "origin"];
        fetch.AddRange(missing);
        var result = await git.RunAsync(path, fetch, credentials, cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            throw new WorkspaceException($"git fetch from {SafeUrl(cloneUrl)} failed: {result.StandardError.Trim()}");
        }
        foreach (var commit in missing)
        {
            if (!(await git.RunAsync(path, ["cat-file", "-e", commit + "^{commit}"], credentials, cancellationToken: cancellationToken)).Succeeded)
            {
                throw new WorkspaceException($"commit {commit} is not in {SafeUrl(cloneUrl)}");
            }
        }
        Log.Fetched(logger, SafeUrl(cloneUrl), missing.Count, time.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Deletes least recently used mirrors not in use until the total fits the budget.</summary>
    public Task EnforceBudgetAsync(CancellationToken cancellationToken)
    {
        var root = options.Value.ResolvedRoot;
        if (!Directory.Exists(root))
        {
            return Task.CompletedTask;
        }
        var budget = options.Value.DiskBudgetMegabytes * 1024 * 1024;
        var mirrors = Directory.EnumerateDirectories(root, "*.git", SearchOption.AllDirectories)
            .Select(dir => (Path: dir, Size: SizeOf(dir), LastUsed: LastUsed(dir)))
            .OrderBy(m => m.LastUsed)
            .ToList();
        var total = mirrors.Sum(m => m.Size);
        foreach (var mirror in mirrors)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (total <= budget)
            {
                break;
            }
            var gate = _locks.GetOrAdd(mirror.Path, _ => new SemaphoreSlim(1, 1));
            if (!gate.Wait(0, CancellationToken.None))
            {
                continue;
            }
            try
            {
                // Checked under the lock: a review that opened the mirror meanwhile keeps it.
                if (_inUse.TryGetValue(mirror.Path, out var users) && users > 0)
                {
                    continue;
                }
                Delete(mirror.Path);
                total -= mirror.Size;
                Log.Evicted(logger, mirror.Path, mirror.Size / 1024 / 1024);
            }
            finally
            {
                gate.Release();
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>root/host/owner/name.git for hosted repositories; root/local/name-hash.git for file URLs.</summary>
    public string MirrorPath(Uri cloneUrl)
    {
        ArgumentNullException.ThrowIfNull(cloneUrl);
        var root = options.Value.ResolvedRoot;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cloneUrl.AbsoluteUri)))[..12];
        var segments = cloneUrl.AbsolutePath.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Safe).ToArray();
        var name = segments.Length == 0 ? "repository" : segments[^1].EndsWith(".git", StringComparison.Ordinal) ? segments[^1][..^4] : segments[^1];
        if (cloneUrl.IsFile || segments.Length < 2)
        {
            return Path.Combine(root, "local", $"{name}-{hash}.git");
        }
        return Path.Combine(root, Safe(cloneUrl.Host), segments[^2], $"{name}-{hash}.git");
    }

    private async Task CheckedAsync(string path, IReadOnlyList<string> arguments, GitCredentials? credentials, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(path, arguments, credentials, cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            throw new WorkspaceException($"git {arguments[0]} failed: {result.StandardError.Trim()}");
        }
    }

    private static bool LooksCorrupt(string message) =>
        message.Contains("corrupt", StringComparison.OrdinalIgnoreCase)
        || message.Contains("not a git repository", StringComparison.OrdinalIgnoreCase)
        || message.Contains("bad object", StringComparison.OrdinalIgnoreCase)
        || message.Contains("unable to read", StringComparison.OrdinalIgnoreCase)
        || message.Contains("bad config", StringComparison.OrdinalIgnoreCase)
        || message.Contains("invalid object", StringComparison.OrdinalIgnoreCase);

    private void Touch(string path)
    {
        if (Directory.Exists(path))
        {
            File.WriteAllText(Path.Combine(path, LastUsedFile), "");
            File.SetLastWriteTimeUtc(Path.Combine(path, LastUsedFile), time.GetUtcNow().UtcDateTime);
        }
    }

    private static DateTime LastUsed(string path)
    {
        var file = Path.Combine(path, LastUsedFile);
        return File.Exists(file) ? File.GetLastWriteTimeUtc(file) : Directory.GetLastWriteTimeUtc(path);
    }

    /// <summary>Bytes on disk; files git renames or deletes during the walk (temporary packs of another fetch) count as nothing.</summary>
    private static long SizeOf(string path)
    {
        long total = 0;
        try
        {
            foreach (var file in new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories))
            {
                try
                {
                    total += file.Length;
                }
                catch (FileNotFoundException)
                {
                }
            }
        }
        catch (DirectoryNotFoundException)
        {
        }
        return total;
    }

    private static void Delete(string path)
    {
        if (Directory.Exists(path))
        {
            // git makes pack files read-only; clear that so the delete works.
            foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }
            Directory.Delete(path, recursive: true);
        }
    }

    private static string Safe(string segment)
    {
        var chars = segment.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        var safe = new string(chars).Trim('.');
        return safe.Length == 0 ? "_" : safe;
    }

    /// <summary>The URL without any user information, for messages and logs.</summary>
    public static string SafeUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return string.IsNullOrEmpty(url.UserInfo) ? url.OriginalString : new UriBuilder(url) { UserName = "", Password = "" }.Uri.ToString();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Fetched {CommitCount} commit(s) from {Url} in {ElapsedMs:0} ms")]
        public static partial void Fetched(ILogger logger, string url, int commitCount, double elapsedMs);

        [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "The mirror of {Url} is unreadable ({Reason}); cloning it again")]
        public static partial void Recloning(ILogger logger, string url, string reason);

        [LoggerMessage(EventId = 603, Level = LogLevel.Information, Message = "Evicted mirror {Path} ({SizeMb} MB) to stay within the disk budget")]
        public static partial void Evicted(ILogger logger, string path, long sizeMb);
    }
}
