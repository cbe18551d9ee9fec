using System.Text.Json;
using Microsoft.Extensions.Options;
using ReviewBot.Fixes;
using ReviewBot.Model;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;

namespace ReviewBot.Tests.Fixes;

/// <summary>Each tool of the fix agent on a real git worktree: what it answers, and what it refuses to touch.</summary>
public sealed class FixToolsTests
{
    private TestRepository _repo = null!;
    private string _outside = "";

    [SetUp]
    public void SetUp()
    {
        _repo = TestRepository.Create();
        _outside = Directory.CreateTempSubdirectory("fix-tools-outside-").FullName;
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), "TOP SECRET\n");
        _repo.Write("src/calc.py", "def add(a, b):\n    return a - b\n\n\ndef sub(a, b):\n    return a - b\n")
            .Write("README.md", "# Calc\n")
            .Write(".github/workflows/ci.yml", "on: push\n");
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "out"), _outside);
        _repo.Commit("init");
    }

    [TearDown]
    public void TearDown()
    {
        _repo.Dispose();
        Directory.Delete(_outside, recursive: true);
    }

    private FixTools Tools(bool allowWorkflows = false, int maxOutput = 12_000) => new(
        new FixTask(_repo.Path, "HEAD", "fix it", null, new FixIntent("t", null), AllowWorkflows: allowWorkflows),
        new FixAgentOptions { MaxToolOutputChars = maxOutput },
        new GitRunner(Options.Create(new WorkspaceOptions())));

    private static ModelToolCall Call(string name, object arguments) => new("call_1", name, JsonSerializer.Serialize(arguments));

    private string Read(string path) => File.ReadAllText(Path.Combine(_repo.Path, path));

    [Test]
    public void Every_tool_has_a_strict_schema_that_requires_all_its_properties()
    {
        foreach (var tool in FixTools.All)
        {
            var schema = JsonDocument.Parse(tool.ParametersSchema).RootElement;
            var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name);
            Assert.That(schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()), Is.EquivalentTo(properties), tool.Name);
            Assert.That(schema.GetProperty("additionalProperties").GetBoolean(), Is.False, tool.Name);
        }
        Assert.That(FixTools.All.Select(t => t.Name), Is.EqualTo(new[] { "list_files", "read_file", "search", "edit", "apply_patch", "finish" }));
    }

    [Test]
    public async Task List_files_shows_tracked_and_new_files_under_a_prefix()
    {
        _repo.Write("src/new.py", "x = 1\n");

        var result = await Tools().RunAsync(Call("list_files", new { path_prefix = "src/" }), CancellationToken.None);

        Assert.That(result.Kind, Is.EqualTo(FixToolKind.Done));
        Assert.That(result.Text, Is.EqualTo("2 files:\nsrc/calc.py\nsrc/new.py"));
    }

    [Test]
    public async Task Read_file_numbers_the_lines_of_the_range_and_says_what_follows()
    {
        var result = await Tools().RunAsync(Call("read_file", new { path = "src/calc.py", start_line = 1, end_line = 2 }), CancellationToken.None);

        Assert.That(result.Kind, Is.EqualTo(FixToolKind.Done));
        Assert.That(result.Text, Is.EqualTo("src/calc.py, lines 1-2 of 6 (more follows; read from line 3):\n     1| def add(a, b):\n     2|     return a - b\n"));
    }

    [Test]
    public async Task A_huge_file_read_is_cut_at_the_output_limit_and_says_where_to_go_on()
    {
        _repo.Write("big.txt", string.Concat(Enumerable.Range(1, 100_000).Select(i => $"line {i} of a very long file\n")));

        var result = await Tools(maxOutput: 2_000).RunAsync(Call("read_file", new { path = "big.txt", start_line = (int?)null, end_line = (int?)null }),
            CancellationToken.None);

        Assert.That(result.Kind, Is.EqualTo(FixToolKind.Done));
        Assert.That(result.Text.Length, Is.LessThan(2_200));
        Assert.That(result.Text, Does.StartWith("big.txt, lines 1-").And.Contain("of 100000 (cut at the output limit; read from line"));
    }

    [Test]
    public async Task Read_file_past_the_end_or_of_a_binary_file_is_an_error()
    {
        File.WriteAllBytes(Path.Combine(_repo.Path, "logo.png"), [0x89, 0x50, 0, 0, 1]);

        var past = await Tools().RunAsync(Call("read_file", new { path = "src/calc.py", start_line = 50, end_line = (int?)null }), CancellationToken.None);
        var binary = await Tools().RunAsync(Call("read_file", new { path = "logo.png", start_line = (int?)null, end_line = (int?)null }), CancellationToken.None);

        Assert.That(past.Text, Is.EqualTo("Error: \"src/calc.py\" has 6 lines; start_line 50 is past its end"));
        Assert.That(binary.Text, Is.EqualTo("Error: \"logo.png\" is a binary file"));
    }

    [TestCase("../x")]
    [TestCase("/etc/passwd")]
    [TestCase(".git/config")]
    [TestCase("out/secret.txt")]
    public async Task Read_file_outside_the_repository_is_refused(string path)
    {
        var result = await Tools().RunAsync(Call("read_file", new { path, start_line = (int?)null, end_line = (int?)null }), CancellationToken.None);

        Assert.That(result.Kind, Is.EqualTo(FixToolKind.Failed));
        Assert.That(result.Text, Does.StartWith("Error: ").And.Not.Contain("root:").And.Not.Contain("TOP SECRET"));
    }

    [Test]
    public async Task Search_finds_a_fixed_string_with_paths_and_lines_even_a_regex_metacharacter()
    {
        _repo.Write("notes/a b.txt", "call add(a, b) here\n");

        var result = await Tools().RunAsync(Call("search", new { pattern = "add(a, b)" }), CancellationToken.None);

        Assert.That(result.Text, Is.EqualTo("2 matches:\nnotes/a b.txt:1: call add(a, b) here\nsrc/calc.py:1: def add(a, b):\n"));
    }

    [Test]
    public async Task Search_does_not_show_what_a_tracked_symbolic_link_points_to()
    {
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "passwd"), "/etc/passwd");
        _repo.Commit("link");

        var result = await Tools().RunAsync(Call("search", new { pattern = "root" }), CancellationToken.None);

        Assert.That(result.Text, Is.EqualTo("No matches for \"root\"."));
    }

    [Test]
    public async Task Edit_replaces_the_one_occurrence_and_keeps_the_rest_of_the_file()
    {
        var result = await Tools().RunAsync(Call("edit", new { path = "src/calc.py", old_text = "def add(a, b):\n    return a - b", new_text = "def add(a, b):\n    return a + b" }),
            CancellationToken.None);

        Assert.That(result, Is.EqualTo(FixToolResult.Changed("Edited src/calc.py at line 1: 2 lines replaced by 2.")));
        Assert.That(Read("src/calc.py"), Is.EqualTo("def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n"));
    }

    [Test]
    public async Task Edit_with_text_that_occurs_twice_or_never_changes_nothing_and_says_why()
    {
        var twice = await Tools().RunAsync(Call("edit", new { path = "src/calc.py", old_text = "return a - b", new_text = "return a + b" }), CancellationToken.None);
        var never = await Tools().RunAsync(Call("edit", new { path = "src/calc.py", old_text = "return a * b", new_text = "return a + b" }), CancellationToken.None);

        Assert.That(twice.Text, Does.Contain("occurs 2 times"));
        Assert.That(never.Text, Does.Contain("does not occur"));
        Assert.That(new[] { twice.Kind, never.Kind }, Has.All.EqualTo(FixToolKind.Failed));
        Assert.That(_repo.Git("status", "--porcelain"), Is.Empty);
    }

    [Test]
    public async Task Edit_of_a_file_with_crlf_line_endings_matches_lf_text_and_keeps_crlf()
    {
        _repo.Write("win.txt", "one\r\ntwo\r\nthree\r\n");

        var result = await Tools().RunAsync(Call("edit", new { path = "win.txt", old_text = "one\ntwo", new_text = "one\n2" }), CancellationToken.None);

        Assert.That(result.Kind, Is.EqualTo(FixToolKind.Changed));
        Assert.That(Read("win.txt"), Is.EqualTo("one\r\n2\r\nthree\r\n"));
    }

    [Test]
    public async Task Edit_keeps_a_byte_order_mark_and_unicode_text()
    {
        File.WriteAllBytes(Path.Combine(_repo.Path, "bom.txt"), [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes("héllo wörld\n")]);

        var result = await Tools().RunAsync(Call("edit", new { path = "bom.txt", old_text = "wörld", new_text = "世界" }), CancellationToken.None);

        Assert.That(result.Kind, Is.EqualTo(FixToolKind.Changed));
        Assert.That(File.ReadAllBytes(Path.Combine(_repo.Path, "bom.txt")),
            Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }.Concat(System.Text.Encoding.UTF8.GetBytes("héllo 世界\n"))));
    }

    [Test]
    public async Task Edit_with_empty_old_text_creates_a_new_file_but_never_overwrites_one()
    {
        var created = await Tools().RunAsync(Call("edit", new { path = "tests/test_calc.py", old_text = "", new_text = "def test_add():\n    assert add(1, 2) == 3\n" }),
            CancellationToken.None);
        var overwrite = await Tools().RunAsync(Call("edit", new { path = "README.md", old_text = "", new_text = "gone" }), CancellationToken.None);

        Assert.That(created.Text, Is.EqualTo("Created tests/test_calc.py (2 lines)."));
        Assert.That(Read("tests/test_calc.py"), Does.StartWith("def test_add():"));
        Assert.That(overwrite.Kind, Is.EqualTo(FixToolKind.Failed));
        Assert.That(Read("README.md"), Is.EqualTo("# Calc\n"));
    }

    [Test]
    public async Task Edit_that_would_write_a_secret_mask_into_the_code_is_refused()
    {
        var result = await Tools().RunAsync(Call("edit", new { path = "README.md", old_text = "# Calc", new_text = "key = [masked: aws secret key]" }), CancellationToken.None);

        Assert.That(result.Kind, Is.EqualTo(FixToolKind.Failed));
        Assert.That(Read("README.md"), Is.EqualTo("# Calc\n"));
    }

    [TestCase("../x", "\"..\"")]
    [TestCase("/etc/passwd", "absolute")]
    [TestCase(".git/config", ".git")]
    [TestCase("out/secret.txt", "symbolic link")]
    [TestCase(".github/workflows/ci.yml", "workflow")]
    public async Task Edit_outside_the_repository_or_of_a_workflow_is_refused_and_touches_nothing(string path, string reason)
    {
        var passwd = File.ReadAllText("/etc/passwd");
        var config = Read(".git/config");

        var replace = await Tools().RunAsync(Call("edit", new { path, old_text = "o", new_text = "0" }), CancellationToken.None);
        var create = await Tools().RunAsync(Call("edit", new { path, old_text = "", new_text = "owned\n" }), CancellationToken.None);

        Assert.That(replace.Kind, Is.EqualTo(FixToolKind.Failed));
        Assert.That(replace.Text, Does.Contain(reason));
        Assert.That(create.Text, Does.Contain(reason));
        Assert.That(File.ReadAllText("/etc/passwd"), Is.EqualTo(passwd));
        Assert.That(Read(".git/config"), Is.EqualTo(config));
        Assert.That(File.ReadAllText(Path.Combine(_outside, "secret.txt")), Is.EqualTo("TOP SECRET\n"));
        Assert.That(File.Exists(Path.Combine(Path.GetDirectoryName(_repo.Path)!, "x")), Is.False);
        Assert.That(Read(".github/workflows/ci.yml"), Is.EqualTo("on: push\n"));
    }

    [Test]
    public async Task A_repository_that_allows_workflows_lets_a_fix_edit_one()
    {
        var result = await Tools(allowWorkflows: true).RunAsync(Call("edit", new { path = ".github/workflows/ci.yml", old_text = "push", new_text = "pull_request" }),
            CancellationToken.None);

        Assert.That(result.Kind, Is.EqualTo(FixToolKind.Changed));
    }

    private const string GoodPatch = """
        diff --git a/src/calc.py b/src/calc.py
        --- a/src/calc.py
        +++ b/src/calc.py
        @@ -1,4 +1,4 @@
         def add(a, b):
        -    return a - b
        +    return a + b
         
         
        """;

    [Test]
    public async Task Apply_patch_applies_a_unified_diff()
    {
        var result = await Tools().RunAsync(Call("apply_patch", new { diff = GoodPatch }), CancellationToken.None);

        Assert.That(result, Is.EqualTo(FixToolResult.Changed("Applied the patch to src/calc.py.")));
        Assert.That(Read("src/calc.py"), Does.StartWith("def add(a, b):\n    return a + b\n"));
    }

    [Test]
    public async Task Apply_patch_without_a_and_b_prefixes_applies_too()
    {
        var diff = GoodPatch.Replace("a/src", "src", StringComparison.Ordinal).Replace("b/src", "src", StringComparison.Ordinal)
            .Replace("diff --git src/calc.py src/calc.py\n", "", StringComparison.Ordinal);

        var result = await Tools().RunAsync(Call("apply_patch", new { diff }), CancellationToken.None);

        Assert.That(result.Kind, Is.EqualTo(FixToolKind.Changed), result.Text);
    }

    [Test]
    public async Task A_patch_that_does_not_apply_changes_nothing_and_gives_git_reason()
    {
        var diff = GoodPatch.Replace("-    return a - b", "-    return a * b", StringComparison.Ordinal);

        var result = await Tools().RunAsync(Call("apply_patch", new { diff }), CancellationToken.None);

        Assert.That(result.Kind, Is.EqualTo(FixToolKind.Failed));
        Assert.That(result.Text, Does.StartWith("Error: the patch does not apply, nothing was changed: error: patch failed: src/calc.py:1"));
        Assert.That(_repo.Git("status", "--porcelain"), Is.Empty);
    }

    [TestCase("../x", "\"..\"")]
    [TestCase(".git/config", ".git")]
    [TestCase("out/secret.txt", "symbolic link")]
    [TestCase(".github/workflows/ci.yml", "workflow")]
    public async Task A_patch_that_names_a_path_outside_the_repository_is_refused_before_git_sees_it(string path, string reason)
    {
        var diff = $"--- /dev/null\n+++ b/{path}\n@@ -0,0 +1 @@\n+owned\n";

        var result = await Tools().RunAsync(Call("apply_patch", new { diff }), CancellationToken.None);

        Assert.That(result.Kind, Is.EqualTo(FixToolKind.Failed));
        Assert.That(result.Text, Does.Contain(reason));
        Assert.That(File.ReadAllText(Path.Combine(_outside, "secret.txt")), Is.EqualTo("TOP SECRET\n"));
        Assert.That(_repo.Git("status", "--porcelain"), Is.Empty);
    }

    [Test]
    public async Task A_patch_that_makes_a_symbolic_link_is_refused()
    {
        var diff = "diff --git a/link b/link\nnew file mode 120000\n--- /dev/null\n+++ b/link\n@@ -0,0 +1 @@\n+/etc/passwd\n\\ No newline at end of file\n";

        var result = await Tools().RunAsync(Call("apply_patch", new { diff }), CancellationToken.None);

        Assert.That(result.Text, Does.Contain("symbolic link"));
        Assert.That(File.Exists(Path.Combine(_repo.Path, "link")), Is.False);
    }

    [Test]
    public async Task A_rename_to_a_path_outside_the_repository_is_refused()
    {
        var diff = "diff --git a/README.md b/../README.md\nsimilarity index 100%\nrename from README.md\nrename to ../README.md\n";

        var result = await Tools().RunAsync(Call("apply_patch", new { diff }), CancellationToken.None);

        Assert.That(result.Text, Does.Contain("\"..\""));
        Assert.That(File.Exists(Path.Combine(_repo.Path, "README.md")), Is.True);
    }

    [TestCase("""{"summary": "Fixed add."}""", FixToolKind.Finish, "Fixed add.")]
    [TestCase("""{"summary": "   "}""", FixToolKind.Failed, "Error: the summary is empty; say what you changed and why")]
    [TestCase("""{"summary": 7}""", FixToolKind.BadCall, "Error: \"summary\" must be a string")]
    [TestCase("""{"summary": "x""", FixToolKind.BadCall, "Error: the arguments are not JSON")]
    [TestCase("""["summary"]""", FixToolKind.BadCall, "Error: the arguments must be a JSON object, not array")]
    public async Task Finish_needs_a_summary_and_arguments_that_parse(string arguments, FixToolKind kind, string text)
    {
        var result = await Tools().RunAsync(new ModelToolCall("call_1", "finish", arguments), CancellationToken.None);

        Assert.That(result.Kind, Is.EqualTo(kind));
        Assert.That(result.Text, Does.StartWith(text));
    }

    [Test]
    public async Task An_unknown_tool_is_a_bad_call_that_names_the_real_tools()
    {
        var result = await Tools().RunAsync(new ModelToolCall("call_1", "run_shell", """{"command":"rm -rf /"}"""), CancellationToken.None);

        Assert.That(result, Is.EqualTo(FixToolResult.BadCall("there is no tool \"run_shell\"; the tools are list_files, read_file, search, edit, apply_patch, finish")));
    }
}
