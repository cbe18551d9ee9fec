using ReviewBot.Reviews;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;

namespace ReviewBot.Tests.Reviews;

/// <summary>The one step from "this pull request" to the engine's input, taken the same way by every front door.</summary>
public sealed class PullRequestSnapshotsTests
{
    private TestRepository _repo = null!;
    private GitRepository _git = null!;
    private string _base = "";
    private string _first = "";
    private string _head = "";

    [SetUp]
    public async Task SetUp()
    {
        _repo = TestRepository.Create();
        _repo.Write(".github/reviewbot.yml", "max_files: 7\n").Write("src/a.cs", "class A { }\n");
        _base = _repo.Commit("base");
        _repo.Checkout("feature", create: true);
        // The pull request tries to weaken its own review: the settings must still be the base's.
        _repo.Write(".github/reviewbot.yml", "max_files: 1\nignore: [\"**\"]\n").Write("src/a.cs", "class A { int x; }\n");
        _first = _repo.Commit("Add x\n\nFixes #12, see octo-org/other#3.");
        _repo.Write("src/b.cs", "class B { }\n");
        _head = _repo.Commit("Add B");
        _git = (await GitRepository.OpenLocalAsync(new GitRunner(Microsoft.Extensions.Options.Options.Create(new WorkspaceOptions())), _repo.Path, CancellationToken.None))!;
    }

    [TearDown]
    public void TearDown()
    {
        _git.Dispose();
        _repo.Dispose();
    }

    [Test]
    public async Task Settings_are_read_at_the_base_so_a_pull_request_cannot_weaken_its_own_review()
    {
        var taken = await PullRequestSnapshots.TakeAsync(_git, new PullRequestFacts(_base, _head), null, CancellationToken.None);

        Assert.That(taken.Snapshot!.Settings.MaxFiles, Is.EqualTo(7));
        Assert.That(taken.Snapshot.Settings.IsIgnored("src/a.cs"), Is.False);
    }

    [Test]
    public async Task The_change_runs_from_the_merge_base_to_the_head_with_every_commit_in_the_intent()
    {
        var taken = await PullRequestSnapshots.TakeAsync(_git, new PullRequestFacts(_base, _head) { BaseName = "main" }, null, CancellationToken.None);

        var snapshot = taken.Snapshot!;
        Assert.That(snapshot.MergeBase, Is.EqualTo(_base));
        Assert.That(snapshot.Change.Files.Select(f => f.Path), Is.EquivalentTo(new[] { ".github/reviewbot.yml", "src/a.cs", "src/b.cs" }));
        Assert.That(snapshot.Intent.Commits, Has.Count.EqualTo(2));
        Assert.That(snapshot.Intent.Title, Is.EqualTo("2 commits since main"), "a local branch has no title; its commits give one");
        Assert.That(snapshot.Since, Is.Null);
    }

    [Test]
    public async Task A_pull_request_keeps_its_own_title_and_body_and_reads_the_issues_it_links()
    {
        var reader = new Issues();
        var facts = new PullRequestFacts(_base, _head) { Title = "Add x and B", Body = "Also #40.", Reference = ("octo-org", "repo", 40) };

        var intent = (await PullRequestSnapshots.TakeAsync(_git, facts, reader, CancellationToken.None)).Snapshot!.Intent;

        Assert.That((intent.Title, intent.Body), Is.EqualTo(("Add x and B", "Also #40.")));
        Assert.That(reader.Asked, Is.EquivalentTo(new[] { "octo-org/repo#12", "octo-org/other#3" }), "its own number is no linked issue");
        Assert.That(intent.Issues.Select(i => i.Number), Is.EqualTo(new[] { 12 }), "an issue the reader cannot read is left out");
    }

    [Test]
    public async Task A_skip_rule_decides_on_the_base_settings_before_anything_else_is_read()
    {
        RepositorySettings? seen = null;
        var facts = new PullRequestFacts(_base, _head) { SkipWhen = s => { seen = s; return "labelled skip-review"; } };

        var taken = await PullRequestSnapshots.TakeAsync(_git, facts, new Issues(), CancellationToken.None);

        Assert.That((taken.Snapshot, taken.SkippedBecause), Is.EqualTo(((PullRequestSnapshot?)null, "labelled skip-review")));
        Assert.That(seen!.MaxFiles, Is.EqualTo(7));
    }

    [Test]
    public async Task After_a_push_the_change_since_the_last_reviewed_head_is_taken_when_it_is_an_ancestor()
    {
        var taken = await PullRequestSnapshots.TakeAsync(_git, new PullRequestFacts(_base, _head) { LastReviewedHead = _first }, null, CancellationToken.None);

        Assert.That(taken.Snapshot!.Since!.Files.Select(f => f.Path), Is.EqualTo(new[] { "src/b.cs" }));
    }

    [TestCase("not-an-ancestor", TestName = "A_last_head_that_is_no_ancestor_gives_a_whole_review")]
    [TestCase("0000000000000000000000000000000000000000", TestName = "A_last_head_git_does_not_have_gives_a_whole_review")]
    [TestCase("HEAD", TestName = "A_last_head_that_is_the_head_gives_a_whole_review")]
    public async Task Last_heads_that_cannot_be_built_on_give_a_whole_review(string last)
    {
        _repo.Checkout("main");
        _repo.Write("src/c.cs", "class C { }\n");
        var unrelated = _repo.Commit("elsewhere");
        var lastHead = last switch { "not-an-ancestor" => unrelated, "HEAD" => _head, _ => last };

        var taken = await PullRequestSnapshots.TakeAsync(_git, new PullRequestFacts(_base, _head) { LastReviewedHead = lastHead }, null, CancellationToken.None);

        Assert.That(taken.Snapshot!.Since, Is.Null);
    }

    [Test]
    public async Task Commits_with_no_common_history_are_a_workspace_error()
    {
        _repo.Git("checkout", "--orphan", "alone");
        _repo.Write("z.txt", "z\n");
        var alone = _repo.Commit("alone");

        await Assert.ThrowsAsync<WorkspaceException>(() => PullRequestSnapshots.TakeAsync(_git, new PullRequestFacts(_base, alone), null, CancellationToken.None));
    }

    /// <summary>Reads issue 12 only, as GitHub would answer for an issue in the same repository; anything else is unreadable.</summary>
    private sealed class Issues : ILinkedIssueReader
    {
        public List<string> Asked { get; } = [];

        public Task<LinkedIssue?> ReadAsync(string owner, string repository, int number, CancellationToken cancellationToken)
        {
            Asked.Add($"{owner}/{repository}#{number}");
            return Task.FromResult(number == 12 ? new LinkedIssue(owner, repository, 12, "Totals are wrong", "They are.") : null);
        }
    }
}
