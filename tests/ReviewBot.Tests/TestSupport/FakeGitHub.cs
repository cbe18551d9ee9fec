using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ReviewBot.Tests.TestSupport;

/// <summary>
/// A stateful GitHub on loopback for the real Octokit client: installations and their tokens, pull requests with files,
/// check runs, comments, reactions, collaborator permissions. Responses start from the examples in GitHub's OpenAPI
/// description and carry the fake's state; every request is recorded so tests can check it against that description.
/// Like GitHub, it refuses requests without valid credentials.
/// </summary>
public sealed partial class FakeGitHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly Lock _lock = new();
    private long _nextId = 1000;

    private FakeGitHub(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToList();

    /// <summary>The App whose JWTs are accepted, and the public half of its key.</summary>
    public long AppId { get; init; } = ReviewBotApplication.AppId;

    /// <summary>The App's slug (GET /app); what the App writes is by <c>slug[bot]</c>, as on GitHub.</summary>
    public string AppSlug { get; init; } = "reviewbot-under-test";

    /// <summary>When set, every installation token minted is this one (a git remote in a test checks it).</summary>
    public string? MintedToken { get; set; }

    /// <summary>The account GitHub shows as the author of what the App's installation tokens write.</summary>
    public FakeAccount AppBot => new($"{AppSlug}[bot]", "Bot");

    /// <summary>The GitHub Actions App: what a workflow's <c>GITHUB_TOKEN</c> writes is by its bot, and its check runs are its own.</summary>
    public const long ActionsAppId = 15368;

    public const string ActionsAppSlug = "github-actions";

    public static readonly FakeAccount ActionsBot = new("github-actions[bot]", "Bot");

    /// <summary>True after <see cref="AddWorkflowToken"/>: writes are the Actions bot's, check runs the Actions App's.</summary>
    public bool WorkflowWrites { get; private set; }

    /// <summary>
    /// A token as a workflow run gets it (<c>GITHUB_TOKEN</c>): given from outside, not minted from the App's key. GitHub
    /// accepts it like an installation token, and shows what it writes as <see cref="ActionsBot"/>'s.
    /// </summary>
    public string AddWorkflowToken()
    {
        var token = "ghs_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18));
        lock (_lock)
        {
            Tokens[token] = DateTimeOffset.UtcNow.AddHours(24);
            WorkflowWrites = true;
        }
        return token;
    }

    /// <summary>Who GitHub shows as the author of what the bot's token writes.</summary>
    public FakeAccount Writer => WorkflowWrites ? ActionsBot : AppBot;

    /// <summary>When set, GET /app answers with this status instead of the App.</summary>
    public int? AppFailure { get; set; }

    public Dictionary<string, long> InstallationsByRepository { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, FakePullRequest> PullRequests { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<long, FakeCheckRun> CheckRuns { get; } = [];

    public List<FakeComment> Comments { get; } = [];

    /// <summary>Every edit of a comment's body (issue or review comment), in order: a reply edited in place shows here.</summary>
    public List<(long Id, string Body)> CommentEdits { get; } = [];

    public Dictionary<string, FakeIssue> Issues { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<(long CommentId, string Content)> Reactions { get; } = [];

    public Dictionary<string, string> Permissions { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, DateTimeOffset> Tokens { get; } = new(StringComparer.Ordinal);

    /// <summary>How long minted tokens live. GitHub's live one hour.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public int TokensMinted { get; private set; }

    /// <summary>Holds the PR files answer until released, so a test can act while a review job is running.</summary>
    public TaskCompletionSource FilesGate { get; set; } = Completed();

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }

    public static async Task<FakeGitHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeGitHub(app);
        app.Use(fake.RecordAsync);
        app.Use(RefuseNonJsonBodiesAsync);
        app.Use(fake.InjectFaultsAsync);
        fake.MapRoutes(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    public FakePullRequest AddPullRequest(string repository, int number, string headSha, long installationId, int fileCount = 3,
        string baseSha = "0000000000000000000000000000000000000b45")
    {
        lock (_lock)
        {
            InstallationsByRepository[repository] = installationId;
            var pr = new FakePullRequest(repository, number, headSha, baseSha,
                Enumerable.Range(1, fileCount).Select(i => new FakeFile($"src/File{i}.cs", i % 3 == 0 ? "removed" : "modified", i, i % 2)).ToList());
            PullRequests[$"{repository}#{number}"] = pr;
            return pr;
        }
    }

    public IReadOnlyList<FakeCheckRun> CheckRunsFor(string headSha)
    {
        lock (_lock)
        {
            return CheckRuns.Values.Where(r => r.HeadSha == headSha).ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private long NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>GitHub's OpenAPI description lists only <c>application/json</c> for request bodies; a strict proxy refuses any other label.</summary>
    private static async Task RefuseNonJsonBodiesAsync(HttpContext context, RequestDelegate next)
    {
        var hasBody = context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0;
        var mediaType = context.Request.ContentType?.Split(';', 2)[0].Trim();
        if (hasBody && !string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await context.Response.WriteAsJsonAsync(new { message = $"Unsupported 'Content-Type' header: {context.Request.ContentType}", documentation_url = "https://docs.github.com/rest" });
            return;
        }
        await next(context);
    }

    private async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        context.Request.EnableBuffering();
        string? body = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true);
            body = await reader.ReadToEndAsync();
            context.Request.Body.Position = 0;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            buffer.Position = 0;
            var responseBody = Encoding.UTF8.GetString(buffer.ToArray());
            await buffer.CopyToAsync(original);
            context.Response.Body = original;
            _requests.Enqueue(new RecordedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Request.QueryString.Value ?? "",
                context.Request.Headers.Authorization.ToString(),
                context.Request.Headers["X-GitHub-Api-Version"].ToString(),
                context.Request.Headers.UserAgent.ToString(),
                body,
                context.Response.StatusCode,
                responseBody,
                context.Items.TryGetValue(FaultItem, out var fault) ? (FaultKind?)fault : null));
        }
    }
}

/// <summary>One request the bot sent, and what the fake answered.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string Authorization, string ApiVersion, string UserAgent, string? Body, int Status, string ResponseBody,
    FaultKind? Fault = null)
{
    /// <summary>True for requests ReviewBot's Octokit client sent (not a test poking the fake directly).</summary>
    public bool FromBot => UserAgent.StartsWith("ReviewBot/", StringComparison.Ordinal);

    public JsonNode? Json => Body is { Length: > 0 } ? JsonNode.Parse(Body) : null;

    public override string ToString() => Fault is { } fault ? $"{Method} {Path}{Query} -> {Status} ({fault})"
        : Status is >= 200 and < 300 ? $"{Method} {Path}{Query} -> {Status}" : $"{Method} {Path}{Query} -> {Status} {ResponseBody}";
}

public sealed record FakePullRequest(string Repository, int Number, string HeadSha, string BaseSha, List<FakeFile> Files)
{
    public string HeadSha { get; set; } = HeadSha;

    public string State { get; set; } = "open";

    public bool Merged { get; set; }

    /// <summary>The head branch's name (GitHub's example calls it new-topic).</summary>
    public string HeadRef { get; set; } = "new-topic";

    /// <summary>The repository the head branch is in: another one for a fork's pull request.</summary>
    public string? HeadRepository { get; set; }

    /// <summary>A fork's head repository's clone URL (the base's is <see cref="CloneUrl"/>).</summary>
    public string? HeadCloneUrl { get; set; }

    public bool MaintainerCanModify { get; set; }

    public bool Draft { get; set; }

    public string Title { get; set; } = "Update the README with new information.";

    public string? Body { get; set; } = "This is a pretty simple change that we need to pull into main.";

    public List<string> Labels { get; } = [];

    /// <summary>Who opened it; GitHub's example account (a User) when not set.</summary>
    public FakeAccount? Author { get; set; }

    /// <summary>The base repository's clone URL (a file:// URL of a test repository, so git really fetches).</summary>
    public string? CloneUrl { get; set; }
}

public sealed record FakeIssue(string Repository, int Number, string Title, string Body);

public sealed record FakeFile(string Path, string Status, int Additions, int Deletions)
{
    /// <summary>A real patch (from <see cref="FakeGitHub.FilesFromRepository"/>); otherwise one is made up from the counts.</summary>
    public string? ExplicitPatch { get; init; }

    /// <summary>False for binary files and diffs too large to show: GitHub sends no patch.</summary>
    public bool HasPatch { get; init; } = true;

    public string? Patch => !HasPatch ? null : ExplicitPatch ?? $"@@ -1,{Deletions + 1} +1,{Additions + 1} @@\n context\n" +
        string.Concat(Enumerable.Repeat("-old\n", Deletions)) + string.Concat(Enumerable.Repeat("+new\n", Additions));
}

public sealed class FakeCheckRun
{
    public required long Id { get; init; }

    public required string Repository { get; init; }

    public required string Name { get; set; }

    public required string HeadSha { get; init; }

    /// <summary>The App that created the run: the fake's own for runs the bot creates; tests add other Apps' runs.</summary>
    public long AppId { get; init; } = ReviewBotApplication.AppId;

    /// <summary>That App's slug: <c>github-actions</c> for a run a workflow's token made.</summary>
    public string AppSlug { get; init; } = "reviewbot-under-test";

    public string Status { get; set; } = "queued";

    /// <summary>GitHub sets it when the run is created, and to what an update says when it goes in progress.</summary>
    public DateTimeOffset StartedAt { get; set; } = DateTimeOffset.UtcNow;

    public string? Conclusion { get; set; }

    public string? ExternalId { get; set; }

    public JsonObject? Output { get; set; }

    public JsonArray? Actions { get; set; }

    public List<string> StatusHistory { get; } = [];
}

/// <summary>Who wrote a review or comment: a login and GitHub's account type (<c>User</c> or <c>Bot</c>).</summary>
public sealed record FakeAccount(string Login, string Type);

public sealed record FakeComment(long Id, string Repository, int Number, string Body, long? InReplyTo);
