using System.Diagnostics;
using System.Globalization;
using ReviewBot.Context;
using ReviewBot.Reviews;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;

namespace ReviewBot.Benchmarks.Engine;

/// <summary>
/// <c>context-cost</c>: the cost of the context step on a large repository. <c>--generate DIR</c> writes one
/// (<see cref="CostRepository"/>); <c>--repo GITDIR --base A --head B</c> runs the step once in this process and prints its
/// wall time, CPU time, allocation and the process's peak RSS; <c>--cold-warm</c> runs that twice in fresh processes, the first after
/// deleting the symbol index directory, the second with the index the first left on disk.
/// </summary>
internal static class ContextCost
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (Options.Value(args, "--generate") is { } dir)
        {
            return await CostRepository.GenerateAsync(dir, Options.Int(args, "--files", 100_000), Options.Int(args, "--changed", 169), Options.Int(args, "--seed", 11));
        }
        var repo = Options.Value(args, "--repo") ?? throw new ArgumentException("--generate DIR or --repo GITDIR --base A --head B is required");
        var baseCommit = Options.Value(args, "--base") ?? throw new ArgumentException("--base is required");
        var headCommit = Options.Value(args, "--head") ?? throw new ArgumentException("--head is required");
        var index = Options.Value(args, "--index");
        return args.Contains("--cold-warm")
            ? await ColdWarmAsync(args, index ?? Path.Combine(repo, "reviewbot", "symbols"))
            : await MeasureAsync(repo, baseCommit, headCommit, Options.Int(args, "--budget", 16_000), index);
    }

    private static async Task<int> MeasureAsync(string gitDir, string baseCommit, string headCommit, int budget, string? index)
    {
        using var host = EngineHost.Create(index is null ? null : new Dictionary<string, string?> { ["Context:IndexDirectory"] = index });
        var git = host.Services.GetRequiredService<GitRunner>();
        var builder = host.Services.GetRequiredService<ContextBuilder>();
        using var repository = await GitRepository.OpenLocalAsync(git, gitDir, CancellationToken.None)
            ?? throw new ArgumentException($"{gitDir} is not a git repository");
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        // CPU time besides wall time: on a machine shared with other work the wall time says more about the neighbours.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var change = await PullRequestSnapshots.LoadChangeAsync(repository, baseCommit, headCommit, CancellationToken.None);
        var candidates = await builder.CollectAsync(repository, change, null, CancellationToken.None);
        var pack = ContextPacker.Pack(candidates, baseCommit, headCommit, budget, includeDiff: true);
        watch.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var definitions = pack.Items.Count(i => i.Kind == ContextKind.Definition);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"context step: {watch.Elapsed.TotalMilliseconds:0} ms ({cpu.TotalMilliseconds:0} ms CPU), {allocated / 1_048_576} MB allocated, peak RSS {PeakRssMb()} MB; " +
            $"{change.Files.Count} files, {pack.Items.Count} items at {budget / 1000}k ({definitions} definitions, {pack.Items.Count(i => i.Kind == ContextKind.Caller)} callers), " +
            $"definition packed: {(definitions > 0 ? "yes" : "no")}, {pack.UsedTokens} tokens"));
        return 0;
    }

    /// <summary>Cold, then warm, each in a fresh process so neither inherits the other's heap or caches.</summary>
    private static async Task<int> ColdWarmAsync(string[] args, string index)
    {
        if (Directory.Exists(index))
        {
            Directory.Delete(index, recursive: true);
        }
        var once = args.Where(a => a != "--cold-warm").ToArray();
        foreach (var run in new[] { "cold", "warm" })
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add(typeof(ContextCost).Assembly.Location);
            start.ArgumentList.Add("context-cost");
            foreach (var a in once)
            {
                start.ArgumentList.Add(a);
            }
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run}: {output.Trim()} (process {watch.Elapsed.TotalSeconds:0.0} s, exit {process.ExitCode})"));
            if (process.ExitCode != 0)
            {
                return process.ExitCode;
            }
        }
        Console.WriteLine(Directory.Exists(index)
            ? string.Create(CultureInfo.InvariantCulture, $"index {index}: {new DirectoryInfo(index).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) / 1_048_576.0:0.0} MB on disk")
            : $"index {index}: absent");
        return 0;
    }

    internal static long PeakRssMb() =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) is { } l
            ? long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024 : -1;
}
