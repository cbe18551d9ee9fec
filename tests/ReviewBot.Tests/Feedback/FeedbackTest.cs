using System.Text.Json.Nodes;
using ReviewBot.Tests.Publishing;
using ReviewBot.Tests.TestSupport;
using static ReviewBot.Tests.TestSupport.FakeModelReply;

namespace ReviewBot.Tests.Feedback;

/// <summary>
/// Base for feedback tests, end to end: the billing pull request reviewed once with the loop finding, then people react,
/// reply and resolve on the fake GitHub as they would on its web page (no webhook comes for a reaction), and the bot
/// looks again through a Re-run, a push or a command, each in a newly started app (an empty cache) over the same
/// feedback folder.
/// </summary>
public abstract class FeedbackTest : PublishingTest
{
    protected static readonly FakeAccount Alice = new("alice", "User");
    protected static readonly FakeAccount Mallory = new("mallory", "User");

    [SetUp]
    public void AliceMayWrite() => GitHub.Permissions[Alice.Login] = "write";

    /// <summary>The pull request opened and reviewed with the loop finding; its comment.</summary>
    protected async Task<FakeReviewComment> ReviewedWithTheLoopAsync()
    {
        Model.Default = _ => Review("partial", "The loop drops the first line.", Loop());
        await ReviewOpenedAsync();
        return LoopComments().Single();
    }

    protected List<FakeReviewComment> LoopComments() =>
        GitHub.ReviewComments.Where(c => c.InReplyTo is null && c.Author is null && c.Body.Contains("Loop skips the first invoice line", StringComparison.Ordinal)).ToList();

    /// <summary>Re-run review pressed, in a newly started app; the run it completed.</summary>
    protected async Task<FakeCheckRun> RerunAsync()
    {
        var before = GitHub.CheckRunsFor(Pull.HeadSha).Count(r => r.Status == "completed");
        await using var app = App();
        await DeliverAsync(app, "check_run", RerunPayload());
        return await CompletedRunAsync(Pull.HeadSha, before + 1);
    }

    /// <summary>The author pushes a commit that edits Invoice.cs (<paramref name="from"/> becomes <paramref name="to"/>); its sha.</summary>
    protected string PushEdit(string from, string to, string message)
    {
        Repo.Checkout("feature");
        var pushed = Repo.Write(Invoice, File.ReadAllText(Path.Combine(Repo.Path, Invoice)).Replace(from, to, StringComparison.Ordinal)).Commit(message);
        Repo.Checkout("main");
        GitHub.Push(Pull, pushed, FakeGitHub.FilesFromRepository(Repo, Base, pushed));
        return pushed;
    }

    /// <summary>The push's synchronize delivered to a newly started app; the run it completed.</summary>
    protected async Task<FakeCheckRun> ReviewPushAsync(string pushed)
    {
        await using var app = App();
        await DeliverAsync(app, "pull_request", PullRequestPayload("synchronize"));
        return await CompletedRunAsync(pushed);
    }

    /// <summary>A comment in the pull request's conversation, by <paramref name="author"/>; the bot's reply to it.</summary>
    protected async Task<string> CommandAsync(string body, FakeAccount author)
    {
        var replies = GitHub.Comments.Count;
        await using var app = App();
        var payload = JsonNode.Parse(File.ReadAllText(TestResources.Webhook("issue_comment", "created.6.payload.json")))!;
        payload["repository"]!["full_name"] = Repository;
        payload["repository"]!["name"] = Repository.Split('/')[1];
        payload["repository"]!["owner"]!["login"] = Repository.Split('/')[0];
        payload["issue"]!["number"] = Pull.Number;
        payload["comment"]!["body"] = body;
        payload["comment"]!["user"]!["login"] = author.Login;
        payload["sender"]!["login"] = author.Login;
        await DeliverAsync(app, "issue_comment", payload);
        await Eventually(() => GitHub.Comments.Count > replies, $"the bot's reply to \"{body}\"", 30_000);
        return GitHub.Comments[^1].Body;
    }

    /// <summary>The repository's feedback file as the bot wrote it.</summary>
    protected JsonNode Store() => JsonNode.Parse(File.ReadAllText(StorePath))!;

    protected string StorePath => Path.Combine(FeedbackDirectory, "codertocat+hello-world.json");

    protected List<string> RuleIds() => Store()["rules"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ToList();

    protected static string Summary(FakeCheckRun run) => run.Output!["summary"]!.GetValue<string>();

    protected int ReactionReads() => GitHub.Requests.Count(r => r.FromBot && r.Method == "GET" && r.Path.EndsWith("/reactions", StringComparison.Ordinal));
}
