using Microsoft.Extensions.Options;
using ReviewBot.Fixes;
using ReviewBot.Reviews;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;

namespace ReviewBot.Tests.Fixes;

/// <summary>A fix is validated as it stands in a real git worktree of the commit the agent started from.</summary>
public sealed class FixValidatorTests
{
    private TestRepository _repo = null!;
    private string _start = "";
    private string _worktree = "";
    private readonly FixValidator _validator = new(new GitRunner(Options.Create(new WorkspaceOptions())));

    [SetUp]
    public void SetUp()
    {
        _repo = TestRepository.Create();
        _repo.Write("src/a.cs", "class A\n{\n}\n").Write("README.md", "# readme\n").Write(".github/workflows/ci.yml", "on: push\n")
            .Write("ünïcödé/ファイル.txt", "eins\n");
        _start = _repo.Commit("start");
        _worktree = _repo.Path + "-fix";
        _repo.Git("worktree", "add", "--detach", "--quiet", _worktree, _start);
    }

    [TearDown]
    public void TearDown()
    {
        _repo.Git("worktree", "remove", "--force", _worktree);
        _repo.Dispose();
    }

    private Task<FixValidation> Validate(FixSettings? settings = null) =>
        _validator.ValidateAsync(_worktree, _start, settings ?? FixSettings.Default, CancellationToken.None);

    private void Write(string path, string content)
    {
        var full = Path.Combine(_worktree, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    [Test]
    public async Task An_edit_and_a_new_file_pass_with_their_diff_and_paths()
    {
        Write("src/a.cs", "class A\n{\n    int x;\n}\n");
        Write("src/b.cs", "class B { }\n");

        var result = await Validate();

        Assert.That(result.Reasons, Is.Empty);
        Assert.That(result.Ok, Is.True);
        Assert.That(result.ChangedPaths, Is.EquivalentTo(new[] { "src/a.cs", "src/b.cs" }));
        Assert.That(result.Diff, Does.Contain("+    int x;").And.Contain("+++ b/src/b.cs"));
    }

    [Test]
    public async Task An_empty_change_is_refused()
    {
        var result = await Validate();

        Assert.That(result.Ok, Is.False);
        Assert.That(result.Reasons, Has.One.Contains("empty"));
    }

    [Test]
    public async Task A_change_undone_before_the_end_is_empty()
    {
        Write("src/a.cs", "changed\n");
        Write("src/a.cs", "class A\n{\n}\n");

        Assert.That((await Validate()).Reasons, Has.One.Contains("empty"));
    }

    [Test]
    public async Task An_edit_to_a_file_outside_the_worktree_is_invisible_to_git_and_leaves_the_change_empty()
    {
        // The agent's tools refuse ../x themselves; should a file land there anyway, it is no part of the change.
        File.WriteAllText(_worktree + "-outside.txt", "x");
        try
        {
            Assert.That((await Validate()).Reasons, Has.One.Contains("empty"));
        }
        finally
        {
            File.Delete(_worktree + "-outside.txt");
        }
    }

    [Test]
    public async Task A_new_symbolic_link_out_of_the_tree_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(_worktree, "src", "passwd"), "/etc/passwd");

        var result = await Validate();

        Assert.That(result.Ok, Is.False);
        Assert.That(result.Reasons, Has.One.Contains("\"src/passwd\" is a symbolic link"));
    }

    [Test]
    public async Task A_file_turned_into_a_symbolic_link_is_refused()
    {
        File.Delete(Path.Combine(_worktree, "README.md"));
        File.CreateSymbolicLink(Path.Combine(_worktree, "README.md"), "/etc/passwd");

        Assert.That((await Validate()).Reasons, Has.Some.Contains("\"README.md\" is a symbolic link"));
    }

    [Test]
    public async Task A_folder_replaced_by_a_symbolic_link_is_refused()
    {
        Directory.Delete(Path.Combine(_worktree, "src"), recursive: true);
        File.CreateSymbolicLink(Path.Combine(_worktree, "src"), "/etc");

        var result = await Validate();

        Assert.That(result.Ok, Is.False);
        Assert.That(result.Reasons, Has.Some.Contains("\"src\" is a symbolic link"));
    }

    [Test]
    public async Task A_nested_repository_is_refused()
    {
        NestedRepository("vendor/lib");

        var result = await Validate();

        Assert.That(result.Ok, Is.False);
        Assert.That(result.Reasons, Has.One.Contains("\"vendor/lib\" is a nested git repository"));
    }

    [Test]
    public async Task A_nested_repository_added_to_the_index_as_a_submodule_is_refused()
    {
        NestedRepository("lib");
        Git("add", "lib");

        Assert.That((await Validate()).Reasons, Has.One.Contains("\"lib\" is a submodule"));
    }

    private void NestedRepository(string path)
    {
        using var nested = TestRepository.Create();
        nested.Write("x", "x\n").Commit("nested");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_worktree, path))!);
        Directory.Move(nested.Path, Path.Combine(_worktree, path));
        Directory.CreateDirectory(nested.Path);
    }

    [Test]
    public async Task A_change_to_git_config_is_no_part_of_the_change()
    {
        // .git of a worktree is a file git never reports; writing to it changes nothing the fix would commit.
        File.AppendAllText(Path.Combine(_worktree, ".git"), "\n");
        Write("src/.git/config", "[core]\n");

        var result = await Validate();

        Assert.That(result.ChangedPaths, Is.Empty);
        Assert.That(result.Ok, Is.False);
    }

    [Test]
    public async Task A_workflow_change_is_refused_unless_the_repository_allows_it()
    {
        Write(".github/workflows/ci.yml", "on: pull_request_target\n");

        var refused = await Validate();
        var allowed = await Validate(FixSettings.Default with { AllowWorkflows = true });

        Assert.That(refused.Reasons, Has.One.Contains("\".github/workflows/ci.yml\" is a workflow"));
        Assert.That(allowed.Ok, Is.True);
    }

    [Test]
    public async Task A_change_over_the_file_limit_is_refused()
    {
        Write("one.txt", "1\n");
        Write("two.txt", "2\n");
        Write("three.txt", "3\n");

        var result = await Validate(FixSettings.Default with { MaxFiles = 2 });

        Assert.That(result.Reasons, Is.EqualTo(new[] { "the change touches 3 files; fix.max_files allows 2" }));
        Assert.That((await Validate(FixSettings.Default with { MaxFiles = 3 })).Ok, Is.True);
    }

    [Test]
    public async Task A_change_over_the_line_limit_is_refused()
    {
        Write("src/a.cs", string.Concat(Enumerable.Range(0, 10).Select(i => $"line {i}\n")));

        var result = await Validate(FixSettings.Default with { MaxChangedLines = 12 });

        // 10 lines added, 3 deleted.
        Assert.That(result.Reasons, Is.EqualTo(new[] { "the change has 13 changed lines; fix.max_changed_lines allows 12" }));
        Assert.That((await Validate(FixSettings.Default with { MaxChangedLines = 13 })).Ok, Is.True);
    }

    [Test]
    public async Task A_binary_file_is_refused()
    {
        File.WriteAllBytes(Path.Combine(_worktree, "blob.bin"), [0, 1, 2, 0, 255]);

        Assert.That((await Validate()).Reasons, Has.One.Contains("\"blob.bin\" is binary"));
    }

    [Test]
    public async Task Unicode_file_names_pass_as_they_are()
    {
        Write("ünïcödé/ファイル.txt", "zwei\n");
        Write("新しい/файл ☃.txt", "neu\n");

        var result = await Validate();

        Assert.That(result.Ok, Is.True, string.Join("; ", result.Reasons));
        Assert.That(result.ChangedPaths, Is.EquivalentTo(new[] { "ünïcödé/ファイル.txt", "新しい/файл ☃.txt" }));
        Assert.That(result.Diff, Does.Contain("+++ b/新しい/файл ☃.txt"));
    }

    [Test]
    public async Task A_deletion_passes_and_names_the_deleted_path()
    {
        File.Delete(Path.Combine(_worktree, "README.md"));

        var result = await Validate();

        Assert.That(result.Ok, Is.True);
        Assert.That(result.ChangedPaths, Is.EqualTo(new[] { "README.md" }));
        Assert.That(result.Diff, Does.Contain("deleted file mode 100644"));
    }

    [Test]
    public async Task A_deleted_workflow_is_refused()
    {
        File.Delete(Path.Combine(_worktree, ".github", "workflows", "ci.yml"));

        Assert.That((await Validate()).Reasons, Has.One.Contains("is a workflow"));
    }

    [Test]
    public async Task A_rename_passes_with_both_paths()
    {
        File.Move(Path.Combine(_worktree, "src", "a.cs"), Path.Combine(_worktree, "src", "renamed.cs"));

        var result = await Validate();

        Assert.That(result.Ok, Is.True, string.Join("; ", result.Reasons));
        Assert.That(result.ChangedPaths, Is.EqualTo(new[] { "src/a.cs", "src/renamed.cs" }));
        Assert.That(result.Diff, Does.Contain("rename to src/renamed.cs"));
    }

    [Test]
    public async Task A_rename_of_a_workflow_out_of_the_workflows_folder_is_refused()
    {
        File.Move(Path.Combine(_worktree, ".github", "workflows", "ci.yml"), Path.Combine(_worktree, "ci.yml"));

        Assert.That((await Validate()).Reasons, Has.One.Contains("\".github/workflows/ci.yml\" is a workflow"));
    }

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task An_executable_bit_may_change()
    {
        File.SetUnixFileMode(Path.Combine(_worktree, "README.md"),
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await Validate();

        Assert.That(result.Ok, Is.True, string.Join("; ", result.Reasons));
        Assert.That(result.Diff, Does.Contain("new mode 100755"));
    }

    [Test]
    public async Task A_change_already_committed_in_the_worktree_is_measured_from_the_start_commit()
    {
        Write("src/a.cs", "class A { int y; }\n");
        Git("-c", "user.name=x", "-c", "user.email=x@example.com", "commit", "--quiet", "-am", "agent");
        Write("src/c.cs", "class C { }\n");

        var result = await Validate();

        Assert.That(result.ChangedPaths, Is.EquivalentTo(new[] { "src/a.cs", "src/c.cs" }));
    }

    private void Git(params string[] arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = _worktree, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = System.Diagnostics.Process.Start(info)!;
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, process.StandardError.ReadToEnd());
    }
}
