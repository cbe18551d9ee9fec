using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using ReviewBot.Context;
using ReviewBot.Context.CSharp;
using ReviewBot.Reviews;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;

namespace ReviewBot.Tests.Context.CSharp;

/// <summary>Compiles ReviewBot's own project (about 250 files, its packages unrestored) for a one-line change, and prints the cost.</summary>
public sealed class RoslynContextCostTests
{
    [Test]
    public async Task The_bots_own_project_is_compiled_for_a_change_within_seconds_and_binds_its_own_members()
    {
        using var repo = CopyOfReviewBot();
        var baseCommit = repo.Commit("copy");
        var path = Path.Combine(repo.Path, "src/ReviewBot/Context/ContextBuilder.cs");
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text.Replace("var notes = new List<string>();",
            "var notes = new List<string>();\n        var distance = PathDistance(\"a/b\", \"c\") + CodeFormat.SplitLines(\"x\").Length;", StringComparison.Ordinal));
        var head = repo.Commit("change");
        using var host = EngineHost.Create();
        using var repository = (await GitRepository.OpenLocalAsync(host.Services.GetRequiredService<GitRunner>(), repo.Path, CancellationToken.None))!;
        var change = await PullRequestSnapshots.LoadChangeAsync(repository, baseCommit, head, CancellationToken.None);
        using var blobs = repository.OpenBlobReader();

        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var result = await new RoslynContext(host.Services.GetRequiredService<TokenCounter>()).CollectAsync(repository, blobs, change, CancellationToken.None);
        clock.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        using var process = Process.GetCurrentProcess();
        await TestContext.Out.WriteLineAsync($"Roslyn context for src/ReviewBot: {clock.ElapsedMilliseconds} ms, {allocated / 1_000_000} MB allocated, "
            + $"peak working set {process.PeakWorkingSet64 / 1_000_000} MB, {result.Related.Count} item(s); notes: {string.Join(" | ", result.Notes)}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Related.Select(i => i.Symbol), Does.Contain("ContextBuilder.PathDistance(string, string)").And.Contain("CodeFormat.SplitLines(string)"));
            Assert.That(result.Errors, Is.Empty);
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)));
        }
    }

    private static TestRepository CopyOfReviewBot()
    {
        var root = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ReviewBot.sln")))
        {
            root = root.Parent;
        }
        Assert.That(root, Is.Not.Null, "the test runs inside the repository");
        var repo = TestRepository.Create();
        foreach (var name in new[] { "Directory.Build.props", "Directory.Packages.props" })
        {
            repo.Write(name, File.ReadAllText(Path.Combine(root!.FullName, name)));
        }
        var project = Path.Combine(root!.FullName, "src", "ReviewBot");
        foreach (var file in Directory.EnumerateFiles(project, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal)))
        {
            var relative = Path.GetRelativePath(root.FullName, file).Replace('\\', '/');
            if (!relative.Contains("/bin/", StringComparison.Ordinal) && !relative.Contains("/obj/", StringComparison.Ordinal))
            {
                repo.Write(relative, File.ReadAllText(file));
            }
        }
        return repo;
    }
}
