using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;

namespace ReviewBot.Tests.Workspace;

public sealed class FixBranchCommitTests
{
    private FixWorkspace _fix = null!;

    [SetUp]
    public async Task Start() => _fix = await FixWorkspace.CreateAsync();

    [TearDown]
    public async Task Stop() => await _fix.DisposeAsync();

    [Test]
    public async Task A_commit_holds_every_change_in_the_worktree_added_changed_and_deleted()
    {
        _fix.Edit("src/new_test.py", "def test_add():\n    assert add(1, 2) == 3\n");
        File.Delete(Path.Combine(_fix.Worktree, "README.md"));

        var commit = await _fix.CommitFixAsync();

        Assert.That(_fix.Git("show", "--name-status", "--format=", commit).Split('\n', StringSplitOptions.RemoveEmptyEntries),
            Is.EquivalentTo(new[] { "D\tREADME.md", "M\tsrc/app.py", "A\tsrc/new_test.py" }));
        Assert.That(_fix.Git("status", "--porcelain"), Is.Empty);
    }

    [Test]
    public async Task A_message_with_unicode_a_hash_line_and_a_huge_body_is_committed_as_given()
    {
        var body = string.Join('\n', Enumerable.Range(0, 20_000).Select(i => $"line {i}: ünïcödé 修正 🚀"));
        var message = "Fix add() für Zahlen 🚀\r\n\r\n#12 was the thread.\r\n" + body;
        var coAuthors = new[] { new GitIdentity("Zoë 山田", "7+zoe@users.noreply.github.com") };
        _fix.Git("config", "commit.cleanup", "strip");

        var commit = await _fix.Edit("src/app.py", "x = 1\n").Fix.CommitAsync(_fix.Worktree, message, FixWorkspace.Bot, coAuthors, CancellationToken.None);
        var stored = _fix.Git("cat-file", "commit", commit);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored[(stored.IndexOf("\n\n", StringComparison.Ordinal) + 2)..], Is.EqualTo(FixBranch.MessageWithTrailers(message, coAuthors)));
            Assert.That(stored, Does.Contain("\n#12 was the thread.\n"), "a line starting with # is kept, whatever the repository configures");
            Assert.That(stored, Does.EndWith("\n\nCo-authored-by: Zoë 山田 <7+zoe@users.noreply.github.com>\n"));
            Assert.That(stored, Does.Not.Contain("\r"));
        }
    }

    [Test]
    public void Trailers_are_one_per_distinct_co_author_and_no_name_can_forge_another()
    {
        var message = FixBranch.MessageWithTrailers("  Fix it\n\n", [
            new GitIdentity("Ada", "42+ada@users.noreply.github.com"),
            new GitIdentity("Ada", "42+ADA@users.noreply.github.com"),
            new GitIdentity("Eve\nCo-authored-by: Mallory <m@evil.example>", "9+eve@users.noreply.github.com"),
            new GitIdentity("Nobody", " "),
        ]);

        Assert.That(message, Is.EqualTo(
            "  Fix it\n\nCo-authored-by: Ada <42+ada@users.noreply.github.com>\nCo-authored-by: EveCo-authored-by: Mallory m@evil.example <9+eve@users.noreply.github.com>\n"));
        Assert.That(message.Split('\n').Count(l => l.StartsWith("Co-authored-by:", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [Test]
    public void An_empty_message_still_makes_a_subject() =>
        Assert.That(FixBranch.MessageWithTrailers("   ", []), Is.EqualTo("Fix\n"));

    [Test]
    public async Task A_worktree_without_a_change_is_not_committed()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _fix.Fix.CommitAsync(_fix.Worktree, "nothing", FixWorkspace.Bot, [], CancellationToken.None));

        Assert.That(ex!.Message, Does.Contain("no change"));
        Assert.That(_fix.Git("rev-parse", "HEAD").Trim(), Is.EqualTo(_fix.Head));
    }

    [Test]
    public async Task No_hook_of_the_repository_runs_whether_in_its_hooks_folder_or_its_configured_hooks_path()
    {
        var marker = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "hook-ran-" + Guid.NewGuid().ToString("N")[..8]);
        var configured = Path.Combine(_fix.Mirror.GitDirectory, "custom-hooks");
        foreach (var folder in new[] { Path.Combine(_fix.Mirror.GitDirectory, "hooks"), configured })
        {
            foreach (var hook in new[] { "pre-commit", "prepare-commit-msg", "commit-msg", "post-commit", "post-index-change" })
            {
                ShellScript.Write(Path.Combine(folder, hook), $"echo {hook} >> '{marker}'\nexit 1");
            }
        }
        _fix.Git("config", "core.hooksPath", configured);
        _fix.Git("config", "commit.gpgSign", "true");
        _fix.Git("config", "user.signingKey", "no-such-key");

        var commit = await _fix.CommitFixAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.Exists(marker), Is.False, File.Exists(marker) ? File.ReadAllText(marker) : "");
            Assert.That(_fix.Git("cat-file", "commit", commit), Does.Not.Contain("gpgsig"), "signing is off");
            Assert.That(_fix.Git("log", "-1", "--format=%an <%ae>", commit).Trim(), Is.EqualTo(FixWorkspace.Bot.Formatted));
        }
    }

    [Test]
    public async Task The_hosts_identity_variables_do_not_name_the_author()
    {
        Environment.SetEnvironmentVariable("GIT_AUTHOR_NAME", "Host User");
        Environment.SetEnvironmentVariable("GIT_COMMITTER_EMAIL", "host@example.com");
        try
        {
            var commit = await _fix.CommitFixAsync();

            Assert.That(_fix.Git("log", "-1", "--format=%an <%ae>|%cn <%ce>", commit).Trim(),
                Is.EqualTo($"{FixWorkspace.Bot.Formatted}|{FixWorkspace.Bot.Formatted}"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("GIT_AUTHOR_NAME", null);
            Environment.SetEnvironmentVariable("GIT_COMMITTER_EMAIL", null);
        }
    }
}
