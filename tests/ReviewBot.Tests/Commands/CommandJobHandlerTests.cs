using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReviewBot.Jobs;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Commands;

public class CommandJobHandlerTests
{
    private const string Repository = "runatlantis/atlantis-tests";

    private static async Task<(FakeGitHub GitHub, ReviewBotApplication App, HttpClient Client)> StartAsync(Action<IServiceCollection>? replace = null)
    {
        var github = await FakeGitHub.StartAsync();
        github.InstallationsByRepository[Repository] = 1;
        github.Permissions["runatlantis"] = "write";
        github.AddPullRequest(Repository, 1, "ec26c3e57ca3a959ca5aad62de7213c562f8c821", installationId: 1);
        var app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(github)) { Replace = replace };
        return (github, app, app.CreateClient());
    }

    /// <summary>The real queue, except that it has no room for reviews.</summary>
    private sealed class NoRoomForReviews(ILoggerFactory logs) : IJobQueue
    {
        private readonly InProcessJobQueue _queue = new(Options.Create(new JobsOptions()), logs.CreateLogger<InProcessJobQueue>());

        public IReadOnlyList<Job> Pending => _queue.Pending;

        public ValueTask<EnqueueResult> EnqueueAsync(Job job, CancellationToken cancellationToken = default) =>
            job.Kind == JobKind.Review ? ValueTask.FromResult(EnqueueResult.Full) : _queue.EnqueueAsync(job, cancellationToken);

        public ValueTask<JobLease> DequeueAsync(CancellationToken cancellationToken) => _queue.DequeueAsync(cancellationToken);
    }

    [Test]
    public async Task AReviewAskedForWhenTheQueueIsFull_IsAnsweredNotDroppedSilently()
    {
        var (github, app, client) = await StartAsync(services => services.AddSingleton<IJobQueue>(sp => new NoRoomForReviews(sp.GetRequiredService<ILoggerFactory>())));
        await using var _ = github;
        await using var __ = app;
        using var ___ = client;

        using var response = await CommentAsync(client, "@agent review");
        await ReplyAsync(github);

        Assert.That(github.Comments.Single().Body, Does.Contain("please ask again in a few minutes"));
    }

    /// <summary>Waits (up to 10 s) for the bot's reply comment.</summary>
    private static async Task ReplyAsync(FakeGitHub github)
    {
        for (var i = 0; i < 500 && github.Comments.Count == 0; i++)
        {
            await Task.Delay(20);
        }
    }

    private static async Task<HttpResponseMessage> CommentAsync(HttpClient client, string body)
    {
        var payload = JsonNode.Parse(File.ReadAllText(TestResources.Webhook("issue_comment", "created.6.payload.json")))!;
        payload["comment"]!["body"] = body;
        return await client.SendAsync(WebhookSigner.Delivery("issue_comment", payload.ToJsonString(), ReviewBotApplication.Secret));
    }

    [Test]
    public async Task AnUnknownVerb_IsQuotedAsCodeThatCannotBreakOut()
    {
        var (github, app, client) = await StartAsync();
        await using var _ = github;
        await using var __ = app;
        using var ___ = client;

        using var response = await CommentAsync(client, "@agent fo`o");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await ReplyAsync(github);

        Assert.That(github.Comments.Single().Body, Does.StartWith("I don't know ``fo`o`` yet."));
    }

    [Test]
    public async Task TheEyesReaction_IsSentAgainAfterA502_AndTheCommandGoesOn()
    {
        var (github, app, client) = await StartAsync();
        await using var _ = github;
        await using var __ = app;
        using var ___ = client;
        github.Faults = new FaultSchedule().Plan("POST", "/reactions", FaultKind.BadGateway);

        using var response = await CommentAsync(client, "@agent help");
        await ReplyAsync(github);

        Assert.That(github.Reactions, Has.Count.EqualTo(1));
        Assert.That(github.Comments.Single().Body, Does.Contain("@agent"));
    }

    [TestCase("```\n@agent review\n```")]
    [TestCase("<!-- @agent review -->")]
    [TestCase("Try `@agent review` next time.")]
    [TestCase("> @agent review")]
    public async Task AMentionThatIsNotProse_GetsNoJob_NoReactionAndNoReply(string body)
    {
        var (github, app, client) = await StartAsync();
        await using var _ = github;
        await using var __ = app;
        using var ___ = client;

        using var response = await CommentAsync(client, body);
        await Task.Delay(300);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Headers.GetValues("X-ReviewBot-Outcome").Single(), Does.StartWith("ignored"));
            Assert.That(github.Comments, Is.Empty);
            Assert.That(github.Reactions, Is.Empty);
        }
    }
}
