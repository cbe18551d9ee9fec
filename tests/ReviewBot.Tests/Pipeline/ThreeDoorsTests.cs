using System.Text.Json.Nodes;
using ReviewBot.Tests.Cli;
using ReviewBot.Tests.Publishing;
using ReviewBot.Tests.TestSupport;
using static ReviewBot.Tests.TestSupport.FakeModelReply;

namespace ReviewBot.Tests.Pipeline;

/// <summary>
/// One engine behind three front doors: the same pull request (the billing repository's), the same scripted model, and the
/// same findings on the same lines, whether the server gets a signed webhook, a workflow step runs <c>action</c> with its
/// token, or someone runs <c>review</c> in a clone.
/// </summary>
public sealed class ThreeDoorsTests : PublishingTest
{
    [Test]
    public async Task The_server_the_action_and_the_cli_find_the_same_problems_on_the_same_lines()
    {
        Model.Default = _ => Review("partial", "Totals use the discount rules, but the loop drops the first line.", Loop(), Discount());
        var folder = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "doors-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var server = await ServerAsync();
            var action = await ActionAsync(folder);
            var cli = await CliAsync(folder);

            Assert.That(server, Has.Count.EqualTo(2), "both findings are posted");
            Assert.That(action, Is.EqualTo(server), "the Action posts what the server posts");
            Assert.That(cli, Is.EqualTo(server), "the CLI prints what the server posts");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task<List<(string Path, int Start, int End, string Title)>> ServerAsync()
    {
        await using var app = App();
        using var response = await DeliverAsync(app, "pull_request", PullRequestPayload("opened"));
        await Eventually(() => GitHub.CheckRunsFor(Head) is [{ Status: "completed" }], "the server's check run to complete", 30_000);
        return Posted(GitHub);
    }

    /// <summary>The Action on a GitHub of its own, as a repository without the App would run it.</summary>
    private async Task<List<(string Path, int Start, int End, string Title)>> ActionAsync(string folder)
    {
        await using var github = await FakeGitHub.StartAsync();
        var pull = github.AddPullRequest(Repository, Pull.Number, Head, installationId: 1, fileCount: 0, baseSha: Base);
        pull.CloneUrl = Repo.FileUrl.ToString();
        pull.Files.AddRange(FakeGitHub.FilesFromRepository(Repo, Base, Head));
        var eventPath = Path.Combine(folder, "event.json");
        await File.WriteAllTextAsync(eventPath, PullRequestPayload("opened").ToJsonString());
        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_EVENT_NAME"] = "pull_request",
            ["GITHUB_EVENT_PATH"] = eventPath,
            ["GITHUB_TOKEN"] = github.AddWorkflowToken(),
            ["GITHUB_REPOSITORY"] = Repository,
            ["GITHUB_API_URL"] = github.BaseUrl.ToString(),
        };

        var (exit, _, error) = await ActionTests.RunAsync(Model, folder, environment, ["action"]);

        Assert.That(exit, Is.Zero, error);
        var problems = github.Requests.Where(r => r.FromBot).SelectMany(r => GitHubOpenApi.Problems(r).Select(p => $"{r}: {p}")).ToList();
        Assert.That(problems, Is.Empty, "the Action's requests and the answers agree with GitHub's OpenAPI description");
        return Posted(github);
    }

    private async Task<List<(string Path, int Start, int End, string Title)>> CliAsync(string folder)
    {
        var clone = Path.Combine(folder, "clone");
        Repo.Git("clone", "--quiet", Repo.Path, clone);

        var (exit, output, error) = await ActionTests.RunAsync(Model, folder, new Dictionary<string, string?>(),
            ["review", "--repo", clone, "--base", "origin/main", "--head", "origin/feature", "--format", "json"]);

        Assert.That(exit, Is.Zero, error);
        return [.. JsonNode.Parse(output)!["findings"]!.AsArray()
            .Select(f => (f!["path"]!.GetValue<string>(), f["startLine"]!.GetValue<int>(), f["endLine"]!.GetValue<int>(), f["title"]!.GetValue<string>()))
            .Order()];
    }

    /// <summary>The findings of the bot's review comments: where they are, and the title after the priority badge.</summary>
    private static List<(string Path, int Start, int End, string Title)> Posted(FakeGitHub github) =>
        [.. github.ReviewComments.Where(c => c.InReplyTo is null)
            .Select(c => (c.Path, c.StartLine ?? c.Line!.Value, c.Line!.Value, Title(c.Body)))
            .Order()];

    private static string Title(string body)
    {
        var line = body.Split('\n').First(l => l.Contains("**P", StringComparison.Ordinal));
        return line[(line.IndexOf("** ", StringComparison.Ordinal) + 3)..].Trim();
    }
}
