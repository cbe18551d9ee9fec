using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using ReviewBot.Workspace;

namespace ReviewBot.Feedback;

/// <summary>
/// The durable home of the rules: one JSON file per repository in <see cref="FeedbackOptions.Directory"/>, on disk because
/// Redis is a cache and the rules must survive its wipe. A change is made under a lock (a semaphore in the process, and a
/// lock file held with <see cref="FileShare.None"/> across processes that share the folder) and written whole to a temp
/// file that is then renamed over the old one, so a reader sees the old file or the new, never half of one. A file that
/// does not parse is moved aside (<c>.corrupt-&lt;time&gt;</c>) with a log line, and the repository starts again empty:
/// never a crash, never a silent overwrite.
/// </summary>
public sealed partial class FeedbackStore(IOptions<FeedbackOptions> options, IOptions<WorkspaceOptions> workspace, TimeProvider time,
    ILogger<FeedbackStore> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <summary>The folder in use: the configured one, or <c>feedback</c> beside the workspace root.</summary>
    public string Directory { get; } = ResolveDirectory(options.Value, workspace.Value);

    public static string ResolveDirectory(FeedbackOptions options, WorkspaceOptions workspace)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(workspace);
        if (!string.IsNullOrWhiteSpace(options.Directory))
        {
            return Path.GetFullPath(options.Directory);
        }
        var root = workspace.ResolvedRoot.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return Path.Combine(Path.GetDirectoryName(root) ?? root, "feedback");
    }

    /// <summary>The repository's feedback as it is on disk now (empty when there is none).</summary>
    public Task<RepositoryFeedback> ReadAsync(string repository, CancellationToken cancellationToken) =>
        UpdateAsync(repository, _ => false, cancellationToken);

    /// <summary>Reads, lets <paramref name="change"/> edit it, and writes it back when it says it changed something.</summary>
    public async Task<RepositoryFeedback> UpdateAsync(string repository, Func<RepositoryFeedback, bool> change, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repository);
        ArgumentNullException.ThrowIfNull(change);
        var path = PathOf(repository);
        var gate = _gates.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            using var held = await LockAsync(path + ".lock", cancellationToken);
            var feedback = Load(path, repository);
            if (change(feedback))
            {
                Save(path, feedback);
            }
            return feedback;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Every repository with a file, for the status page; a file that does not parse is left for its next change to move aside.</summary>
    public IReadOnlyList<FeedbackStanding> Standings(int max = 50)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }
        var standings = new List<FeedbackStanding>();
        foreach (var file in new DirectoryInfo(Directory).EnumerateFiles("*.json").OrderByDescending(f => f.LastWriteTimeUtc).Take(max))
        {
            try
            {
                var feedback = JsonSerializer.Deserialize<RepositoryFeedback>(File.ReadAllText(file.FullName), Json);
                if (feedback is { Repository.Length: > 0 })
                {
                    standings.Add(new FeedbackStanding(feedback.Repository, feedback.Accepted, feedback.Rejected, feedback.Rules.Count));
                }
            }
            catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
            {
                Log.Unreadable(logger, file.FullName, ex.Message);
            }
        }
        return standings.OrderBy(s => s.Repository, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// One file per repository, named after it in lower case (GitHub's names ignore case): <c>owner+name.json</c>. Only
    /// the characters GitHub allows in names are kept, so no name can reach outside the folder.
    /// </summary>
    public string PathOf(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var safe = new string(repository.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '+').ToArray());
        if (safe.Trim('.', '+').Length == 0 || safe.Contains("..", StringComparison.Ordinal))
        {
            safe = FeedbackRule.IdFor(repository, "file") + "+repository";
        }
        return Path.Combine(Directory, safe + ".json");
    }

    private RepositoryFeedback Load(string path, string repository)
    {
        if (!File.Exists(path))
        {
            return new RepositoryFeedback { Repository = repository };
        }
        try
        {
            var feedback = JsonSerializer.Deserialize<RepositoryFeedback>(File.ReadAllText(path), Json)
                ?? throw new JsonException("the file holds null");
            feedback.Repository = repository;
            return feedback;
        }
        catch (JsonException ex)
        {
            var aside = $"{path}.corrupt-{time.GetUtcNow().UtcDateTime.ToString("yyyyMMddTHHmmssfffZ", CultureInfo.InvariantCulture)}";
            File.Move(path, aside);
            Log.Corrupt(logger, repository, path, aside, ex.Message);
            return new RepositoryFeedback { Repository = repository };
        }
    }

    private static void Save(string path, RepositoryFeedback feedback)
    {
        var temp = $"{path}.tmp-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, feedback, Json);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The lock file, held exclusively; another process that holds it is waited for (a process that died releases it).</summary>
    private static async Task<FileStream> LockAsync(string path, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + LockWait;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(25, cancellationToken);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1701, Level = LogLevel.Error, Message = "The feedback file of {Repository} ({Path}) could not be read ({Reason}); moved aside to {Aside}, and the repository's feedback starts again empty. Fix or merge it by hand to bring its rules back")]
        public static partial void Corrupt(ILogger logger, string repository, string path, string aside, string reason);

        [LoggerMessage(EventId = 1702, Level = LogLevel.Warning, Message = "The feedback file {Path} could not be read for the status page ({Reason})")]
        public static partial void Unreadable(ILogger logger, string path, string reason);
    }
}
