using ReviewBot.Diff;

namespace ReviewBot.Tests.Diff;

/// <summary>The parser against git's own blobs and --numstat, over real histories (see <see cref="DiffPropertyChecker"/>).</summary>
public class DiffPropertyTests
{
    private EdgeCaseRepository _edgeCases = null!;

    [OneTimeSetUp]
    public void CreateEdgeCaseRepository() => _edgeCases = EdgeCaseRepository.Create();

    [OneTimeTearDown]
    public void DeleteEdgeCaseRepository() => _edgeCases?.Dispose();

    [Test]
    public void This_repository_history_parses_to_what_git_has()
    {
        using var checker = new DiffPropertyChecker(RepositoryRoot());

        var report = checker.CheckHistory();

        TestContext.Out.WriteLine(report);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Failures, Is.Zero, report.ToString());
            Assert.That(report.SkippedCommits, Is.Empty);
            Assert.That(report.Files, Is.Positive);
        }
    }

    [Test]
    public void Generated_repository_with_edge_cases_parses_to_what_git_has()
    {
        using var checker = new DiffPropertyChecker(_edgeCases.Path);

        var report = checker.CheckHistory();

        TestContext.Out.WriteLine(report);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Failures, Is.Zero, report.ToString());
            Assert.That(report.SkippedCommits, Is.Empty);
            Assert.That(report.Commits, Is.EqualTo(4));
            Assert.That(report.Lines, Is.GreaterThan(300_000));
        }
    }

    [Test]
    public void Generated_repository_diffs_hold_every_edge_case()
    {
        var files = DiffPropertyChecker.FirstParentCommits(_edgeCases.Path)
            .SelectMany(c => DiffParser.Parse(DiffPropertyChecker.Diff(_edgeCases.Path, c.Parent, c.Commit)))
            .ToList();

        bool Changed(string name, Func<FileDiff, bool> test) => files.Any(f => f.Path == name && test(f));
        var lines = files.SelectMany(f => f.Hunks.SelectMany(h => h.Lines)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Changed("moved/rename-pure.txt", f => f is { Kind: FileChangeKind.Renamed, Similarity: 100, Hunks.Count: 0 }), "pure rename");
            Assert.That(Changed("renamed é dir/rename edit.txt", f => f is { Kind: FileChangeKind.Renamed, OldPath: "rename-edit.txt", AddedCount: 1 }), "rename with edits");
            Assert.That(Changed("naïve café.txt", f => f is { Kind: FileChangeKind.Renamed, OldPath: "café.txt" }), "non-ASCII rename");
            Assert.That(Changed("copy target.txt", f => f is { Kind: FileChangeKind.Copied, OldPath: "copy-source.txt" }), "copy");
            Assert.That(Changed("script.sh", f => f is { OldMode: "100644", NewMode: "100755", Hunks.Count: 0 }), "mode change");
            Assert.That(Changed("a b/c d.sh", f => f is { OldMode: "100644", NewMode: "100755", Hunks.Count: 0 }), "mode change, spaces and ' b/' in the name");
            Assert.That(Changed("tool.sh", f => f is { NewMode: "100755", AddedCount: 1 }), "mode change with edits");
            Assert.That(Changed("image.bin", f => f is { Kind: FileChangeKind.Added, IsBinary: true }), "binary added");
            Assert.That(Changed("image.bin", f => f is { Kind: FileChangeKind.Modified, IsBinary: true, NewMode: "100755" }), "binary changed, new mode");
            Assert.That(Changed("image.bin", f => f is { Kind: FileChangeKind.Deleted, IsBinary: true }), "binary deleted");
            Assert.That(Changed("moved/second.bin", f => f is { Kind: FileChangeKind.Renamed, Similarity: 100, NewMode: "100755", Hunks.Count: 0 }), "binary renamed, new mode");
            Assert.That(Changed("empty.txt", f => f is { Kind: FileChangeKind.Added, Hunks.Count: 0 }), "empty file added");
            Assert.That(Changed("to-delete.txt", f => f.Kind == FileChangeKind.Deleted), "deleted file");
            Assert.That(Changed("gains-newline.txt", f => f.Hunks.Single().Lines.Any(l => l is { Kind: DiffLineKind.Removed, NoNewlineAtEnd: true })), "newline added");
            Assert.That(Changed("loses-newline.txt", f => f.Hunks.Single().Lines.Any(l => l is { Kind: DiffLineKind.Added, NoNewlineAtEnd: true })), "newline removed");
            Assert.That(Changed("no-newline.txt", f => f.Hunks.Single().Lines.Count(l => l.NoNewlineAtEnd) == 2), "no newline on both sides");
            Assert.That(Changed("crlf.txt", f => f.Hunks.Single().Lines.All(l => l.Text.EndsWith('\r'))), "CRLF");
            Assert.That(Changed("typechange", f => f.Kind == FileChangeKind.Deleted) && Changed("typechange", f => f is { Kind: FileChangeKind.Added, NewMode: "120000" }), "file turned symlink");
            Assert.That(Changed("vendor/submodule", f => f is { NewMode: "160000", AddedCount: 1 }), "submodule");
            Assert.That(Changed("big.txt", f => f.AddedCount == EdgeCaseRepository.BigFileLines), "100,000-line rewrite");
            Assert.That(files.Select(f => f.Path), Is.SupersetOf(new[]
            {
                "日本語/ファイル.md", "with space.txt", "tab\tname.txt", "quote\"name.txt", "back\\slash.txt", "new\nline.txt",
            }), "names git quotes");
            Assert.That(lines, Has.Count.GreaterThan(300_000));
        }
    }

    /// <summary>The folder holding ReviewBot.sln above the test binaries: this repository's work tree.</summary>
    private static string RepositoryRoot()
    {
        var start = TestContext.CurrentContext.TestDirectory;
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "ReviewBot.sln")))
            {
                continue;
            }

            // .git is a directory in a clone and a file in a linked work tree; either way git must accept it.
            if (!Path.Exists(Path.Combine(dir.FullName, ".git")))
            {
                Assert.Fail($"{dir.FullName} is not a git repository (it has no .git); this test checks the diff parser against the repository's own history.");
            }

            try
            {
                DiffPropertyChecker.Git(dir.FullName, "rev-parse", "--verify", "HEAD");
            }
            catch (InvalidOperationException e)
            {
                Assert.Fail($"{dir.FullName} has a .git that git cannot read: {e.Message}");
            }

            return dir.FullName;
        }

        Assert.Fail($"No folder holding ReviewBot.sln above {start}.");
        return "";
    }
}
