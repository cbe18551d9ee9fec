using ReviewBot.Workspace;

namespace ReviewBot.Tests.Workspace;

public sealed class FixBranchRebaseTests
{
    private FixWorkspace _fix = null!;

    [SetUp]
    public async Task Start() => _fix = await FixWorkspace.CreateAsync();

    [TearDown]
    public async Task Stop() => await _fix.DisposeAsync();

    private Task<RebaseOutcome> RebaseAsync() =>
        _fix.Fix.RebaseOnceAsync(_fix.Worktree, _fix.Url, _fix.Credentials, FixWorkspace.Branch, CancellationToken.None);

    [Test]
    public async Task After_the_branch_moved_elsewhere_the_fix_is_rebased_once_and_then_pushed()
    {
        var commit = await _fix.CommitFixAsync();
        var moved = _fix.Remote.Advance(FixWorkspace.Name, FixWorkspace.Branch, "docs/notes.md", "someone else\n");
        var first = await _fix.PushAsync(commit);

        var rebase = await RebaseAsync();
        var rebased = (rebase as RebaseOutcome.Rebased)?.Commit ?? "";
        var second = await _fix.PushAsync(rebased, expectedOldHead: moved);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.EqualTo(new PushOutcome.Moved(moved)));
            Assert.That(rebase, Is.EqualTo(new RebaseOutcome.Rebased(rebased, moved)));
            Assert.That(second, Is.EqualTo(new PushOutcome.Pushed(rebased)));
            Assert.That(_fix.RemoteGit("rev-parse", rebased + "^").Trim(), Is.EqualTo(moved), "on top of the other commit, which is kept");
            Assert.That(_fix.RemoteGit("show", rebased + ":src/app.py"), Does.Contain("a + b"));
            Assert.That(_fix.RemoteGit("show", rebased + ":docs/notes.md"), Is.EqualTo("someone else\n"));
            Assert.That(_fix.RemoteGit("log", "-1", "--format=%B", rebased), Does.Contain("Co-authored-by: Ada Lovelace <42+ada@users.noreply.github.com>"));
            Assert.That(_fix.RemoteGit("log", "-1", "--format=%cn <%ce>", rebased).Trim(), Is.EqualTo(FixWorkspace.Bot.Formatted), "the bot commits the copy");
        }
    }

    [Test]
    public async Task A_conflicting_move_aborts_the_rebase_reports_it_and_pushes_nothing()
    {
        var commit = await _fix.CommitFixAsync();
        var moved = _fix.Remote.Advance(FixWorkspace.Name, FixWorkspace.Branch, "src/app.py", "def add(a, b):\n    return sum([a, b])\n");

        var rebase = await RebaseAsync();

        var conflicted = rebase as RebaseOutcome.Conflicted;
        Assert.That(conflicted, Is.Not.Null, rebase.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(conflicted!.Onto, Is.EqualTo(moved));
            Assert.That(conflicted.Files, Is.EqualTo(new[] { "src/app.py" }));
            Assert.That(conflicted.Message, Does.Contain("conflict").IgnoreCase);
            Assert.That(_fix.Git("rev-parse", "HEAD").Trim(), Is.EqualTo(commit), "the worktree is back at the fix commit");
            Assert.That(Directory.Exists(_fix.Git("rev-parse", "--git-path", "rebase-merge").Trim()), Is.False, "no rebase is left in progress");
            Assert.That(_fix.Git("status", "--porcelain"), Is.Empty);
            Assert.That(_fix.Remote.Head(FixWorkspace.Name, FixWorkspace.Branch), Is.EqualTo(moved));
            Assert.That(_fix.Remote.Requests.Count(r => r.IsPush), Is.Zero);
        }
    }

    [Test]
    public async Task A_branch_that_did_not_move_needs_no_rebase()
    {
        var commit = await _fix.CommitFixAsync();

        Assert.That(await RebaseAsync(), Is.EqualTo(new RebaseOutcome.Rebased(commit, _fix.Head)));
    }

    [Test]
    public async Task A_move_that_already_holds_the_fix_leaves_nothing_to_push()
    {
        await _fix.CommitFixAsync();
        _fix.Remote.Advance(FixWorkspace.Name, FixWorkspace.Branch, "src/app.py", "def add(a, b):\n    return a + b\n", "the same fix by hand");

        var rebase = await RebaseAsync();

        Assert.That((rebase as RebaseOutcome.Failed)?.Reason, Does.Contain("already holds this change"));
    }

    [Test]
    public async Task A_wrong_token_fails_the_fetch_with_the_token_scrubbed()
    {
        await _fix.CommitFixAsync();
        var wrong = new GitCredentials("ghs_wrong0000000000000000000000000000000");

        var rebase = await _fix.Fix.RebaseOnceAsync(_fix.Worktree, _fix.Url, wrong, FixWorkspace.Branch, CancellationToken.None);

        Assert.That((rebase as RebaseOutcome.Failed)?.Reason, Does.StartWith("could not fetch the branch"));
        Assert.That(rebase.ToString(), Does.Not.Contain("ghs_wrong"));
    }

    [Test]
    public async Task A_rebase_runs_no_hook_of_the_repository()
    {
        var marker = Path.Combine(_fix.Worktree, "..", Path.GetFileName(_fix.Worktree) + "-hook-ran");
        foreach (var hook in new[] { "pre-rebase", "post-rewrite", "post-checkout", "pre-commit", "reference-transaction" })
        {
            TestSupport.ShellScript.Write(Path.Combine(_fix.Mirror.GitDirectory, "hooks", hook), $"echo {hook} >> '{marker}'\nexit 1");
        }
        await _fix.CommitFixAsync();
        _fix.Remote.Advance(FixWorkspace.Name, FixWorkspace.Branch, "docs/notes.md", "someone else\n");

        var rebase = await RebaseAsync();

        Assert.That(rebase, Is.TypeOf<RebaseOutcome.Rebased>());
        Assert.That(File.Exists(marker), Is.False);
    }
}
