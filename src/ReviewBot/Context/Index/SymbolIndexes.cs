using System.Collections.Concurrent;
using System.Diagnostics;
using ReviewBot.Context.Symbols;
using ReviewBot.Workspace;

namespace ReviewBot.Context.Index;

/// <summary>
/// Gives the symbol index of a commit's tree: from disk when one was written, else written now, from the newest index of
/// the folder for every blob it already holds and by extraction for the rest, so the next commit reads only its changed
/// blobs. A folder that cannot be written to gets a temporary index, deleted after use.
/// </summary>
public sealed partial class SymbolIndexes(IOptions<ContextOptions> options, ILogger<SymbolIndexes> logger)
{
    private const string Suffix = ".idx";

    // Two reviews of one repository at once build its index once; other processes may build it too, and the rename keeps one.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Building = new(StringComparer.Ordinal);

    public async Task<SymbolIndex> OpenAsync(GitRepository repository, BlobReader blobs, string commit, ISymbolExtractor extractor,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(extractor);
        var tree = await repository.TreeOfAsync(commit, cancellationToken);
        var folder = Folder(repository);
        var path = Path.Combine(folder, tree + Suffix);
        if (IndexFile.IsComplete(path, tree, extractor.Name))
        {
            Touch(path);
            return new SymbolIndex(path, IndexOrigin.Cached, 0, temporary: false);
        }

        var gate = Building.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (IndexFile.IsComplete(path, tree, extractor.Name))
            {
                return new SymbolIndex(path, IndexOrigin.Cached, 0, temporary: false);
            }
            return await BuildAsync(repository, blobs, commit, tree, folder, path, extractor, cancellationToken);
        }
        finally
        {
            gate.Release();
            // Not kept for the life of the process: a review arriving in this gap builds once more, which the rename allows.
            if (gate.CurrentCount == 1)
            {
                Building.TryRemove(new KeyValuePair<string, SemaphoreSlim>(path, gate));
            }
        }
    }

    private async Task<SymbolIndex> BuildAsync(GitRepository repository, BlobReader blobs, string commit, string tree, string folder,
        string path, ISymbolExtractor extractor, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var entries = await repository.ListFilesAsync(commit, cancellationToken);
        var previous = Newest(folder, path, extractor.Name);
        var (writer, temporaryPath, writable) = OpenTemporary(folder, tree);
        using var builder = new IndexBuilder(blobs, extractor);
        try
        {
            using (writer)
            {
                await builder.WriteAsync(writer, tree, entries, previous, cancellationToken);
            }
            if (!writable)
            {
                Log.NotCached(logger, folder);
                return new SymbolIndex(temporaryPath, IndexOrigin.Built, builder.Extracted, temporary: true);
            }
            File.Move(temporaryPath, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporaryPath);
            throw;
        }
        Prune(folder, options.Value.IndexesKept);
        var origin = previous is null ? IndexOrigin.Built : IndexOrigin.Updated;
        Log.Wrote(logger, tree, origin, builder.Files, builder.Definitions, builder.Extracted, watch.ElapsedMilliseconds);
        return new SymbolIndex(path, origin, builder.Extracted, temporary: false);
    }

    private string Folder(GitRepository repository) =>
        string.IsNullOrWhiteSpace(options.Value.IndexDirectory)
            ? Path.Combine(repository.GitDirectory, "reviewbot", "symbols")
            : Path.GetFullPath(options.Value.IndexDirectory);

    /// <summary>A fresh file opened for writing in the folder, or in the system's temporary folder when this one cannot be written to.</summary>
    private static (StreamWriter Writer, string Path, bool InFolder) OpenTemporary(string folder, string tree)
    {
        var name = $"{tree}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, name);
            return (IndexFile.OpenWriter(path), path, true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var path = Path.Combine(Path.GetTempPath(), name);
            return (IndexFile.OpenWriter(path), path, false);
        }
    }

    /// <summary>The most recently used complete index of the folder, whose blobs the new one can copy.</summary>
    private static string? Newest(string folder, string except, string extractor)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }
        return new DirectoryInfo(folder).EnumerateFiles("*" + Suffix)
            .Where(f => f.FullName != except)
            .OrderByDescending(f => f.LastWriteTimeUtc)
            .Select(f => f.FullName)
            .FirstOrDefault(f => IndexFile.IsComplete(f, Path.GetFileNameWithoutExtension(f), extractor));
    }

    /// <summary>Keeps the newest used indexes; leftovers of a build that died (older than an hour) go too.</summary>
    private static void Prune(string folder, int kept)
    {
        try
        {
            var directory = new DirectoryInfo(folder);
            foreach (var old in directory.EnumerateFiles("*" + Suffix).OrderByDescending(f => f.LastWriteTimeUtc).Skip(kept))
            {
                old.Delete();
            }
            foreach (var left in directory.EnumerateFiles("*.tmp").Where(f => f.LastWriteTimeUtc < DateTime.UtcNow.AddHours(-1)))
            {
                left.Delete();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another process prunes or reads at the same time: the next build prunes again.
        }
    }

    /// <summary>Marks an index as used, so pruning keeps it (best effort: a read-only folder still serves it).</summary>
    private static void Touch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Read-only: the index is used as it is.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 805, Level = LogLevel.Information, Message = "Symbol index of tree {Tree}: {Origin}, {Files} file(s), {Definitions} definition(s), {Extracted} file(s) extracted, {Milliseconds} ms")]
        public static partial void Wrote(ILogger logger, string tree, IndexOrigin origin, int files, int definitions, int extracted, long milliseconds);

        [LoggerMessage(EventId = 806, Level = LogLevel.Warning, Message = "Symbol index folder {Folder} cannot be written to: the index is built for this review only")]
        public static partial void NotCached(ILogger logger, string folder);
    }
}
