using Microsoft.Extensions.Hosting;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;

namespace ReviewBot.Tests.Workspace;

/// <summary>
/// A pull request's head branch served over HTTP, its mirror fetched with the token as a header, and a worktree of the
/// head commit where a fix is edited and committed, as the fix agent leaves it.
/// </summary>
internal sealed class FixWorkspace : IAsyncDisposable
{
    public const string Token = "ghs_FixPushToken0123456789abcdefghijABCDEF";
    public const string Name = "acme/app";
    public const string Branch = "feature";
    public static readonly GitIdentity Bot = new("reviewbot[bot]", "123456+reviewbot[bot]@users.noreply.github.com");
    public static readonly GitIdentity Requester = new("Ada Lovelace", "42+ada@users.noreply.github.com");

    private FixWorkspace(TestRepository origin, GitHttpRemote remote, IHost host)
    {
        Origin = origin;
        Remote = remote;
        Host = host;
    }

    public TestRepository Origin { get; }
    public GitHttpRemote Remote { get; }
    public IHost Host { get; }
    public Uri Url { get; private set; } = null!;
    public string Base { get; private set; } = "";
    public string Head { get; private set; } = "";
    public GitRepository Mirror { get; private set; } = null!;
    public string Worktree { get; } = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "fix-" + Guid.NewGuid().ToString("N")[..8]);
    public GitCredentials Credentials { get; } = new(Token);
    public FixBranch Fix => Host.Services.GetRequiredService<FixBranch>();
    public RepositoryMirrors Mirrors => Host.Services.GetRequiredService<RepositoryMirrors>();

    public static async Task<FixWorkspace> CreateAsync()
    {
        var origin = TestRepository.Create();
        var remote = await GitHttpRemote.StartAsync(Token);
        var fix = new FixWorkspace(origin, remote, EngineHost.Create());
        fix.Base = origin.Write("src/app.py", "def add(a, b):\n    return a + b\n").Write("README.md", "hello\n").Commit("base");
        origin.Checkout(Branch, create: true);
        fix.Head = origin.Write("src/app.py", "def add(a, b):\n    return a - b\n").Commit("feature");
        fix.Url = remote.Serve(Name, origin);
        fix.Mirror = await fix.Mirrors.OpenAsync(fix.Url, fix.Credentials, [fix.Base, fix.Head], CancellationToken.None);
        await fix.Mirror.AddWorktreeAsync(fix.Worktree, fix.Head, CancellationToken.None);
        return fix;
    }

    public FixWorkspace Edit(string path, string content)
    {
        var full = Path.Combine(Worktree, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    /// <summary>The agent's fix of the subtraction, committed by the bot with the requester as co-author.</summary>
    public Task<string> CommitFixAsync(string message = "Fix add() returning a difference\n\nFor the review thread on src/app.py line 2.") =>
        Edit("src/app.py", "def add(a, b):\n    return a + b\n").Fix.CommitAsync(Worktree, message, Bot, [Requester], CancellationToken.None);

    public Task<PushOutcome> PushAsync(string commit, string? expectedOldHead = null, GitCredentials? credentials = null) =>
        Fix.PushFastForwardAsync(Worktree, Url, credentials ?? Credentials, Branch, expectedOldHead ?? Head, commit, CancellationToken.None);

    public string Git(params string[] args) => TestRepository.Run(Worktree, args);

    public string RemoteGit(params string[] args) => TestRepository.Run(Remote.BarePath(Name), args);

    public async ValueTask DisposeAsync()
    {
        await Mirror.RemoveWorktreeAsync(Worktree, CancellationToken.None);
        Mirror.Dispose();
        Host.Dispose();
        await Remote.DisposeAsync();
        Origin.Dispose();
    }
}
