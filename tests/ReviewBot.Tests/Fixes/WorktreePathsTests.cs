using ReviewBot.Fixes;

namespace ReviewBot.Tests.Fixes;

/// <summary>A fix touches regular files inside its worktree and nothing else.</summary>
public sealed class WorktreePathsTests
{
    private string _root = "";

    [SetUp]
    public void SetUp()
    {
        _root = Directory.CreateTempSubdirectory("worktree-paths-").FullName;
        Directory.CreateDirectory(Path.Combine(_root, "src"));
        Directory.CreateDirectory(Path.Combine(_root, ".github", "workflows"));
        File.WriteAllText(Path.Combine(_root, "src", "a.cs"), "class A { }\n");
        File.CreateSymbolicLink(Path.Combine(_root, "out"), "/etc");
        File.CreateSymbolicLink(Path.Combine(_root, "src", "passwd"), "/etc/passwd");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [TestCase("src/a.cs")]
    [TestCase("src/new/file.cs")]
    [TestCase("README.md")]
    [TestCase("ünïcödé/ファイル.txt")]
    [TestCase(".gitignore")]
    public void A_regular_file_inside_the_worktree_may_be_touched(string path)
    {
        Assert.That(WorktreePaths.Refuse(_root, path, allowWorkflows: false, out var full), Is.Null);
        Assert.That(full, Is.EqualTo(Path.Combine(_root, path)));
    }

    [TestCase("../x", "\"..\"")]
    [TestCase("src/../../x", "\"..\"")]
    [TestCase("/etc/passwd", "absolute")]
    [TestCase(".git/config", ".git")]
    [TestCase("sub/.GIT/hooks/pre-commit", ".git")]
    [TestCase("out/passwd", "symbolic link")]
    [TestCase("src/passwd", "symbolic link")]
    [TestCase(".github/workflows/ci.yml", "workflow")]
    [TestCase(".GitHub/Workflows/ci.yml", "workflow")]
    [TestCase(".github/actions/review/action.yml", "workflow")]
    [TestCase(".github/reviewbot.yml", "workflow")]
    [TestCase(".github/CODEOWNERS", "workflow")]
    [TestCase(".gitmodules", "automation")]
    [TestCase("sub/.gitattributes", "automation")]
    [TestCase("src", "directory")]
    [TestCase("", "empty")]
    [TestCase("src//a.cs", "empty")]
    [TestCase("./src/a.cs", "\".\"")]
    [TestCase("src\\..\\..\\x", "backslash")]
    [TestCase("src/a\0.cs", "NUL")]
    public void A_path_that_leaves_the_worktree_or_is_not_a_plain_file_is_refused_with_the_reason(string path, string reason)
    {
        Assert.That(WorktreePaths.Refuse(_root, path, allowWorkflows: false, out var full), Does.Contain(reason));
        Assert.That(full, Is.Empty);
    }

    [Test]
    public void A_workflow_may_be_touched_when_the_repository_allows_it() =>
        Assert.That(WorktreePaths.Refuse(_root, ".github/workflows/ci.yml", allowWorkflows: true, out _), Is.Null);
}
