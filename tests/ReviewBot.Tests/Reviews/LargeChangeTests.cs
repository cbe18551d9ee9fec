using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using ReviewBot.Cli;
using ReviewBot.Reviews;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;

namespace ReviewBot.Tests.Reviews;

/// <summary>A 1,000-file change: reviewed in chunks within the token budget; the context verb keeps to its budget.</summary>
public sealed class LargeChangeTests
{
    private static TestRepository _repo = null!;
    private static string _base = "";
    private static string _head = "";

    [OneTimeSetUp]
    public static void Create() => (_repo, _base, _head) = GeneratedRepository.Create(files: 1_050, changedFiles: 1_000);

    [OneTimeTearDown]
    public static void Clean() => _repo.Dispose();

    [Test]
    public async Task A_thousand_file_change_is_reviewed_in_parallel_chunks_within_the_budget()
    {
        await using var model = await FakeModel.StartAsync();
        using var host = EngineHost.Create(model.Settings(new Dictionary<string, string?>
        {
            ["Model:ChunkTokens"] = "20000",
            ["Model:ContextTokens"] = "4000",
            ["Model:ReviewTokens"] = "2000000",
        }));
        using var repository = (await GitRepository.OpenLocalAsync(host.Services.GetRequiredService<GitRunner>(), _repo.Path, CancellationToken.None))!;
        var input = await Snapshots.OfAsync(repository, _base, _head, new ReviewIntent("Double every amount", "", [], []), RepositorySettings.Default);

        var result = await host.Services.GetRequiredService<ReviewEngine>().ReviewAsync(input, CancellationToken.None);

        var a = result.Accounting;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.FilesChanged, Is.EqualTo(1_000));
            Assert.That(a.FilesReviewed, Is.EqualTo(1_000));
            Assert.That(a.Chunks, Is.GreaterThan(5));
            Assert.That(a.ChunksReviewed, Is.EqualTo(a.Chunks));
            Assert.That(model.Requests, Has.Count.EqualTo(a.Chunks));
            Assert.That(a.PromptTokens + a.Chunks * 4_000, Is.LessThanOrEqualTo(2_000_000));
            Assert.That(result.Dropped, Is.Empty);
            var diffFiles = model.Requests.SelectMany(r => System.Text.RegularExpressions.Regex.Matches(FakeModel.Prompt(r), @"kind=""diff"" label=""([^""]+)""")
                .Select(m => m.Groups[1].Value)).ToList();
            Assert.That(diffFiles.Distinct().Count(), Is.EqualTo(1_000), "every changed file is in exactly one chunk");
            Assert.That(diffFiles, Is.Unique);
        }
    }

    [Test]
    public async Task When_the_review_budget_runs_out_the_remaining_chunks_are_reported_not_reviewed()
    {
        await using var model = await FakeModel.StartAsync();
        // The provider's own count, about what a 40,000-token chunk costs.
        model.Default = _ => FakeModelReply.Content("""{"intent":{"verdict":"matches","explanation":"ok"},"findings":[]}""", promptTokens: 38_000, cachedTokens: 0);
        using var host = EngineHost.Create(model.Settings(new Dictionary<string, string?>
        {
            ["Model:ChunkTokens"] = "40000",
            ["Model:ContextTokens"] = "4000",
            ["Model:ReviewTokens"] = "100000",
            ["Model:MaxConcurrency"] = "1",
        }));
        using var repository = (await GitRepository.OpenLocalAsync(host.Services.GetRequiredService<GitRunner>(), _repo.Path, CancellationToken.None))!;
        var input = await Snapshots.OfAsync(repository, _base, _head, ReviewIntent.Empty, RepositorySettings.Default);

        var result = await host.Services.GetRequiredService<ReviewEngine>().ReviewAsync(input, CancellationToken.None);

        Assert.That(result.Accounting.ChunksReviewed, Is.GreaterThan(0).And.LessThan(result.Accounting.Chunks));
        Assert.That(result.Dropped.Count(d => d.Stage == "budget"), Is.EqualTo(result.Accounting.Chunks - result.Accounting.ChunksReviewed));
        Assert.That(result.Dropped.First(d => d.Stage == "budget").Reason, Does.Contain("budget of 100000 tokens"));
    }

    [Test]
    public async Task The_context_verb_keeps_a_thousand_file_change_within_its_budget()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CommandLine.RunAsync(["context", "--repo", _repo.Path, "--base", _base, "--head", _head, "--budget", "20000", "--json"],
            output, error, new Dictionary<string, string?> { ["Model:Endpoint"] = null });

        var json = JsonNode.Parse(output.ToString())!;
        Assert.That(exit, Is.Zero, error.ToString());
        Assert.That(json["usedTokens"]!.GetValue<int>(), Is.LessThanOrEqualTo(20_000).And.GreaterThan(15_000));
        Assert.That(error.ToString(), Does.Contain("did not fit in the budget of 20000 tokens"));
    }
}
