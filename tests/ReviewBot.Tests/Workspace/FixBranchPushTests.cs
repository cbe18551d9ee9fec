using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;

namespace ReviewBot.Tests.Workspace;

public sealed class FixBranchPushTests
{
    private FixWorkspace _fix = null!;

    [SetUp]
    public async Task Start() => _fix = await FixWorkspace.CreateAsync();

    [TearDown]
    public async Task Stop() => await _fix.DisposeAsync();

    [Test]
    public async Task The_pull_request_head_is_fetched_over_http_with_the_token_as_a_header()
    {
        using var blobs = _fix.Mirror.OpenBlobReader();
        var content = await blobs.ReadAsync(_fix.Head, "README.md", CancellationToken.None);
        using var host = EngineHost.Create();
        var anonymous = host.Services.GetRequiredService<RepositoryMirrors>();

        var ex = await Assert.ThrowsAsync<WorkspaceException>(() => anonymous.OpenAsync(_fix.Url, null, [_fix.Head], CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(content, Is.EqualTo("hello\n"), "a blob the partial clone lacked came lazily, with the header too");
            Assert.That(File.ReadAllText(Path.Combine(_fix.Worktree, "src", "app.py")), Does.Contain("a - b"), "the worktree is the head");
            Assert.That(_fix.Remote.Requests.Count(r => r.Authorized), Is.GreaterThanOrEqualTo(2));
            Assert.That(_fix.Remote.Requests.Where(r => r.Authorized).Select(r => r.Status), Is.All.EqualTo(200));
            Assert.That(ex!.Message, Does.Contain("fetch"), "without the header the remote answers 401");
            Assert.That(_fix.Remote.Requests.Select(r => r.Status), Has.Some.EqualTo(401));
        }
    }

    [Test]
    public async Task A_fix_commit_with_its_co_author_lands_on_the_branch_as_a_fast_forward()
    {
        var commit = await _fix.CommitFixAsync();

        var outcome = await _fix.PushAsync(commit);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome, Is.EqualTo(new PushOutcome.Pushed(commit)));
            Assert.That(_fix.Remote.Head(FixWorkspace.Name, FixWorkspace.Branch), Is.EqualTo(commit));
            Assert.That(_fix.RemoteGit("rev-parse", commit + "^").Trim(), Is.EqualTo(_fix.Head), "one commit on top of the head the fix started from");
            Assert.That(_fix.RemoteGit("show", commit + ":src/app.py"), Does.Contain("a + b"));
            Assert.That(_fix.RemoteGit("log", "-1", "--format=%B", commit), Does.EndWith("\n\nCo-authored-by: Ada Lovelace <42+ada@users.noreply.github.com>\n\n"));
            Assert.That(_fix.RemoteGit("log", "-1", "--format=%an <%ae>|%cn <%ce>", commit).Trim(),
                Is.EqualTo($"{FixWorkspace.Bot.Formatted}|{FixWorkspace.Bot.Formatted}"));
            Assert.That(_fix.Remote.Requests.Count(r => r.IsPush), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task The_token_is_in_no_url_the_remote_saw_no_config_file_and_no_outcome()
    {
        var commit = await _fix.CommitFixAsync();
        var pushed = await _fix.PushAsync(commit);
        var encoded = _fix.Credentials.AuthorizationHeader.Split(' ')[^1];
        var gitFiles = new[] { Path.Combine(_fix.Mirror.GitDirectory, "config"), Path.Combine(_fix.Worktree, ".git") }
            .Concat(Directory.EnumerateFiles(Path.Combine(_fix.Mirror.GitDirectory, "worktrees"), "*", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith("index", StringComparison.Ordinal)))
            .Select(File.ReadAllText)
            .ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(pushed, Is.TypeOf<PushOutcome.Pushed>());
            Assert.That(_fix.Remote.Requests, Has.Count.GreaterThan(3));
            Assert.That(_fix.Remote.Requests.Select(r => r.TokenInUrl), Is.All.False);
            Assert.That(_fix.Remote.Requests.Where(r => r.Path.Contains("receive-pack", StringComparison.Ordinal)).Select(r => r.Authorized),
                Is.Not.Empty.And.All.True);
            Assert.That(gitFiles, Has.None.Contains(FixWorkspace.Token).And.None.Contains(encoded));
            Assert.That(gitFiles[0], Does.Contain(_fix.Url.OriginalString), "the remote URL is plain");
            Assert.That(pushed.ToString(), Does.Not.Contain(FixWorkspace.Token));
        }
    }

    [Test]
    public async Task A_remote_that_echoes_the_authorization_header_has_it_scrubbed_from_the_refusal()
    {
        _fix.Remote.Protect(FixWorkspace.Name, FixWorkspace.Branch, echoAuthorization: true);
        var commit = await _fix.CommitFixAsync();

        var outcome = await _fix.PushAsync(commit);

        var refused = outcome as PushOutcome.Refused;
        Assert.That(refused, Is.Not.Null, outcome.ToString());
        Assert.That(refused!.Message, Does.Contain("you sent: Basic ***"));
        Assert.That(refused.Message, Does.Not.Contain(FixWorkspace.Token).And.Not.Contain(_fix.Credentials.AuthorizationHeader.Split(' ')[^1]));
    }

    [Test]
    public async Task A_wrong_token_is_a_401_and_a_refusal_that_says_so()
    {
        var commit = await _fix.CommitFixAsync();
        var wrong = new GitCredentials("ghs_expired000000000000000000000000000000");

        var outcome = await _fix.PushAsync(commit, credentials: wrong);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome, Is.TypeOf<PushOutcome.Refused>());
            Assert.That((outcome as PushOutcome.Refused)?.Reason, Is.EqualTo(PushRefusal.PermissionDenied));
            Assert.That((outcome as PushOutcome.Refused)?.Message, Does.Contain("credentials"));
            Assert.That(_fix.Remote.Requests[^1].Status, Is.EqualTo(401));
            Assert.That(_fix.Remote.Head(FixWorkspace.Name, FixWorkspace.Branch), Is.EqualTo(_fix.Head));
            Assert.That(outcome.ToString(), Does.Not.Contain("ghs_expired"));
        }
    }

    [Test]
    public async Task A_protected_branch_refusal_carries_the_remote_message_and_leaves_the_branch()
    {
        _fix.Remote.Protect(FixWorkspace.Name, FixWorkspace.Branch);
        var commit = await _fix.CommitFixAsync();

        var outcome = await _fix.PushAsync(commit);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((outcome as PushOutcome.Refused)?.Reason, Is.EqualTo(PushRefusal.ProtectedBranch), outcome.ToString());
            Assert.That((outcome as PushOutcome.Refused)?.Message, Does.Contain("protected branch hook declined: feature cannot be pushed to"));
            Assert.That(_fix.Remote.Head(FixWorkspace.Name, FixWorkspace.Branch), Is.EqualTo(_fix.Head));
        }
    }

    [Test]
    public async Task The_hosts_git_configuration_cannot_redirect_the_push()
    {
        var commit = await _fix.CommitFixAsync();
        var global = Path.Combine(_fix.Remote.Root, "host.gitconfig");
        File.WriteAllText(global, $"[url \"http://127.0.0.1:9/elsewhere/\"]\n\tinsteadOf = {_fix.Remote.BaseUrl}\n");
        Environment.SetEnvironmentVariable("GIT_CONFIG_GLOBAL", global);
        try
        {
            Assert.That(await _fix.PushAsync(commit), Is.EqualTo(new PushOutcome.Pushed(commit)));
        }
        finally
        {
            Environment.SetEnvironmentVariable("GIT_CONFIG_GLOBAL", null);
        }
    }

    [Test]
    public async Task A_branch_that_moved_before_the_push_is_reported_and_nothing_is_pushed()
    {
        var commit = await _fix.CommitFixAsync();
        var moved = _fix.Remote.Advance(FixWorkspace.Name, FixWorkspace.Branch, "docs/notes.md", "someone else\n");

        var outcome = await _fix.PushAsync(commit);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome, Is.EqualTo(new PushOutcome.Moved(moved)));
            Assert.That(_fix.Remote.Head(FixWorkspace.Name, FixWorkspace.Branch), Is.EqualTo(moved));
            Assert.That(_fix.Remote.Requests.Count(r => r.IsPush), Is.Zero, "the remote head was checked first");
        }
    }

    [Test]
    public async Task A_branch_its_author_rewound_is_not_fast_forwarded_back_over_the_dropped_commit()
    {
        var commit = await _fix.CommitFixAsync();
        _fix.RemoteGit("update-ref", "refs/heads/" + FixWorkspace.Branch, _fix.Base);

        var outcome = await _fix.PushAsync(commit);

        Assert.That(outcome, Is.EqualTo(new PushOutcome.Moved(_fix.Base)));
        Assert.That(_fix.Remote.Head(FixWorkspace.Name, FixWorkspace.Branch), Is.EqualTo(_fix.Base), "the commit the author dropped stays dropped");
    }

    [Test]
    public async Task A_branch_that_moves_during_the_push_is_never_overwritten()
    {
        var commit = await _fix.CommitFixAsync();
        var moved = "";
        _fix.Remote.BeforeNextPush(() => moved = _fix.Remote.Advance(FixWorkspace.Name, FixWorkspace.Branch, "docs/notes.md", "raced\n"));

        var outcome = await _fix.PushAsync(commit);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome, Is.EqualTo(new PushOutcome.Moved(moved)));
            Assert.That(_fix.Remote.Head(FixWorkspace.Name, FixWorkspace.Branch), Is.EqualTo(moved), "not forced");
        }
    }

    [Test]
    public async Task A_deleted_branch_is_reported_as_vanished()
    {
        var commit = await _fix.CommitFixAsync();
        _fix.RemoteGit("update-ref", "-d", "refs/heads/" + FixWorkspace.Branch);

        Assert.That(await _fix.PushAsync(commit), Is.TypeOf<PushOutcome.Vanished>());
        Assert.That(_fix.Remote.Head(FixWorkspace.Name, FixWorkspace.Branch), Is.Null);
    }

    [Test]
    public async Task A_commit_that_does_not_descend_from_the_expected_head_is_not_pushed()
    {
        var commit = await _fix.CommitFixAsync();
        var sibling = _fix.Git("-c", "user.name=Other", "-c", "user.email=other@example.com",
            "commit-tree", _fix.Head + "^{tree}", "-p", _fix.Base, "-m", "a sibling of the head").Trim();

        var outcome = await _fix.PushAsync(commit, expectedOldHead: sibling);

        Assert.That((outcome as PushOutcome.Failed)?.Reason, Does.Contain("not a fast-forward"));
        Assert.That(_fix.Remote.Requests.Count(r => r.IsPush), Is.Zero);
    }

    [TestCase("http://x-access-token:ghs_secret@127.0.0.1/acme/app.git", "feature", "user information")]
    [TestCase(null, "-delete", "branch name")]
    [TestCase(null, "a..b", "branch name")]
    [TestCase(null, "", "branch name")]
    public async Task A_url_with_a_secret_or_an_odd_branch_name_is_refused_before_git_runs(string? url, string branch, string reason)
    {
        var commit = await _fix.CommitFixAsync();

        var outcome = await _fix.Fix.PushFastForwardAsync(_fix.Worktree, url is null ? _fix.Url : new Uri(url), _fix.Credentials, branch,
            _fix.Head, commit, CancellationToken.None);

        Assert.That((outcome as PushOutcome.Failed)?.Reason, Does.Contain(reason));
        Assert.That((outcome as PushOutcome.Failed)?.Reason, Does.Not.Contain("ghs_secret"));
    }
}
