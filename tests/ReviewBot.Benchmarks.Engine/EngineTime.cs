using System.Diagnostics;
using System.Globalization;
using ReviewBot.Reviews;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;

namespace ReviewBot.Benchmarks.Engine;

/// <summary>
/// Engine time per review with a model that answers at once (the scripted fake on loopback): everything the engine does
/// itself (git diff, context, packing, prompts, verification) plus the HTTP round trips.
/// </summary>
internal static class EngineTime
{
    public static async Task<int> RunAsync(string[] args)
    {
        var files = Options.Int(args, "--files", 20);
        var changed = Options.Int(args, "--changed", files);
        var runs = Options.Int(args, "--runs", 5);
        var (repo, baseCommit, head) = GeneratedRepository.Create(files + Math.Max(10, files / 20), changed);
        using var _ = repo;
        await using var model = await FakeModel.StartAsync();
        model.Default = _ => FakeModelReply.Review("matches", "Does what it says.",
            FakeModelReply.Finding(GeneratedRepository.PathOf(0), 11, 11, "P1", 0.9, "Amount doubled twice", "x",
                [(GeneratedRepository.PathOf(0), 11, "var total = amount * 2 + Compute0(amount);")]));
        using var host = EngineHost.Create(model.Settings());
        var engine = host.Services.GetRequiredService<ReviewEngine>();
        using var repository = (await GitRepository.OpenLocalAsync(host.Services.GetRequiredService<GitRunner>(), repo.Path, CancellationToken.None))!;

        var times = new List<double>();
        ReviewResult? last = null;
        for (var run = 0; run <= runs; run++)
        {
            var requestsBefore = model.Requests.Count;
            var watch = Stopwatch.StartNew();
            last = await engine.ReviewAsync(await Snapshots.OfAsync(repository, baseCommit, head, new ReviewIntent("Double amounts", "", [], []),
                RepositorySettings.Default), CancellationToken.None);
            watch.Stop();
            if (run > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run}{(run == 0 ? " (warm-up)" : "")}: {watch.Elapsed.TotalMilliseconds:0} ms, {model.Requests.Count - requestsBefore} model call(s)"));
        }
        times.Sort();
        var a = last!.Accounting;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{changed} changed file(s): median {times[times.Count / 2]:0} ms, min {times[0]:0} ms, max {times[^1]:0} ms over {runs} run(s); " +
            $"{a.Chunks} chunk(s), prompt tokens {a.PromptTokens} (o200k, counted locally), {a.ContextItems} context item(s), symbols by {a.SymbolSource}, " +
            $"{last.Findings.Count} finding(s), {last.Dropped.Count} dropped"));
        return 0;
    }
}
