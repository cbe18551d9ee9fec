using System.Diagnostics;
using ReviewBot.Context;
using ReviewBot.Context.Index;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;

namespace ReviewBot.Benchmarks.Engine;

/// <summary>
/// The symbol index alone on one commit of a repository: built from nothing (its folder emptied first), then opened
/// again from disk, then updated to a second commit when one is given. Time, allocation and size on disk of each.
/// </summary>
internal static class IndexTime
{
    public static async Task<int> RunAsync(string[] args)
    {
        var gitDir = Options.Value(args, "--repo") ?? throw new ArgumentException("--repo GITDIR is required");
        var commit = Options.Value(args, "--commit") ?? "HEAD";
        var next = Options.Value(args, "--next");
        using var host = EngineHost.Create();
        var git = host.Services.GetRequiredService<GitRunner>();
        using var repository = await GitRepository.OpenLocalAsync(git, gitDir, CancellationToken.None)
            ?? throw new ArgumentException($"{gitDir} is not a git repository");
        var folder = Path.Combine(repository.GitDirectory, "reviewbot", "symbols");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
        var extractor = await host.Services.GetRequiredService<SymbolSource>().GetAsync(CancellationToken.None);
        var indexes = host.Services.GetRequiredService<SymbolIndexes>();
        foreach (var (label, target) in new[] { ("cold", commit), ("warm", commit) }.Concat(next is null ? [] : [("next", next)]))
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: false);
            var watch = Stopwatch.StartNew();
            using var blobs = repository.OpenBlobReader();
            using var index = await indexes.OpenAsync(repository, blobs, target, extractor, CancellationToken.None);
            var found = index.Find(["Dispose", "ToString", "Create"], CancellationToken.None).Sum(f => f.Value.Count);
            var files = index.FilesUsing(["Dispose"], CancellationToken.None).Count;
            watch.Stop();
            Console.WriteLine($"{label}: {index.Origin}, {index.FilesExtracted} file(s) extracted, {watch.ElapsedMilliseconds} ms, "
                + $"{(GC.GetTotalAllocatedBytes(precise: false) - allocated) / 1_000_000} MB allocated, {new FileInfo(index.FilePath).Length / 1_000_000.0:0.0} MB on disk; "
                + $"lookups: {found} definitions, {files} files may use Dispose");
        }
        Console.WriteLine($"peak RSS {ContextCost.PeakRssMb()} MB; extractor {extractor.Name}");
        return 0;
    }
}
