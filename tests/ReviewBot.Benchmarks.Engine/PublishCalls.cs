using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Benchmarks.Engine;

/// <summary>
/// GitHub API calls per review, and the time from the webhook to the posted review, for a pull request of N changed
/// files: the real service in memory against the fake GitHub (zero latency) and a scripted model that answers at once.
/// </summary>
internal static class PublishCalls
{
    public static async Task<int> RunAsync(string[] args)
    {
        var files = Options.Int(args, "--files", 20);
        var (repo, baseSha, headSha) = GeneratedRepository.Create(files + 10, files);
        using var _ = repo;
        await using var github = await FakeGitHub.StartAsync();
        await using var model = await FakeModel.StartAsync();
        model.Default = _ => FakeModelReply.Review("matches", "Does what it says.",
            FakeModelReply.Finding(GeneratedRepository.PathOf(0), 11, 11, "P1", 0.9, "Amount doubled twice", "x",
                [(GeneratedRepository.PathOf(0), 11, "var total = amount * 2 + Compute0(amount);")]));
        var pr = github.AddPullRequest("Codertocat/Hello-World", 2, headSha, installationId: 1, fileCount: 0, baseSha: baseSha);
        pr.CloneUrl = repo.FileUrl.ToString();
        pr.Files.AddRange(FakeGitHub.FilesFromRepository(repo, baseSha, headSha));
        var workspace = Path.Combine(Path.GetTempPath(), "reviewbot-bench", "pub-" + Guid.NewGuid().ToString("N")[..8]);
        await using var app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(github, model.Settings(new Dictionary<string, string?>
        {
            ["Workspace:Root"] = workspace,
            ["Logging:LogLevel:Default"] = "Warning",
        })));
        using var client = app.CreateClient();
        var payload = JsonNode.Parse(File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json")))!;
        payload["pull_request"]!["head"]!["sha"] = headSha;
        payload["pull_request"]!["base"]!["sha"] = baseSha;

        var watch = Stopwatch.StartNew();
        using var response = await client.SendAsync(WebhookSigner.Delivery("pull_request", payload.ToJsonString(), ReviewBotApplication.Secret));
        var acked = watch.Elapsed;
        while (!github.CheckRunsFor(headSha).Any(r => r.Status == "completed"))
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(10))
            {
                Console.Error.WriteLine("timed out");
                return 1;
            }
            await Task.Delay(5);
            if (github.Reviews.Count > 0 && !_posted.IsRunning)
            {
                _postedAt = watch.Elapsed;
                _posted.Start();
            }
        }
        var completed = watch.Elapsed;
        var requests = github.Requests.Where(r => r.FromBot || r.Path == "/graphql").ToList();
        var byKind = requests.GroupBy(r => $"{r.Method} {Shape(r.Path)}").OrderByDescending(g => g.Count()).Select(g => $"{g.Count()} {g.Key}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{files} file(s): {requests.Count} GitHub call(s) ({requests.Count(r => r.Method != "GET")} mutating), {model.Requests.Count} model call(s); " +
            $"ack {acked.TotalMilliseconds:0} ms, review posted {_postedAt.TotalMilliseconds:0} ms, check run completed {completed.TotalMilliseconds:0} ms after the webhook; " +
            $"{github.ReviewComments.Count} comment(s)"));
        foreach (var line in byKind)
        {
            Console.WriteLine("  " + line);
        }
        return 0;
    }

    private static readonly Stopwatch _posted = new();
    private static TimeSpan _postedAt;

    private static string Shape(string path) => System.Text.RegularExpressions.Regex.Replace(path, @"/[0-9a-f]{40}|/\d+", "/{id}");
}
