using ReviewBot.Context;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Context;

/// <summary>The causes of thin or noisy packs seen on real repositories, each on a small generated repository.</summary>
public sealed class ContextBuilderScopeTests
{
    private ContextCollector _context = null!;

    [SetUp]
    public void Create() => _context = new ContextCollector();

    [TearDown]
    public void Clean() => _context.Dispose();

    private Task<ContextCandidates> CollectAsync(string baseCommit, string headCommit) => _context.CollectAsync(baseCommit, headCommit);

    private static IEnumerable<ContextItem> Ranked(ContextCandidates candidates) =>
        candidates.Related.OrderByDescending(i => i.Score).ThenBy(i => i.Path, StringComparer.Ordinal);

    [Test]
    public async Task A_test_folder_that_sorts_before_the_source_folder_does_not_hide_the_source_definition()
    {
        // "Core.Tests/" sorts before "Core/" ('.' < '/'), and its 4,100 calls fill a cap taken in path order.
        var calls = string.Concat(Enumerable.Range(0, 4_100).Select(i => $"        Compute({i});\n"));
        _context.Repo.Write("src/Core.Tests/ComputeTests.cs", $"namespace Core.Tests;\n\npublic class ComputeTests\n{{\n    public void Many()\n    {{\n{calls}    }}\n}}\n")
            .Write("src/Core/Math.cs", "namespace Core;\n\npublic static class Maths\n{\n    public static int Compute(int x)\n    {\n        return x * 2;\n    }\n}\n")
            .Write("src/Core/App.cs", "namespace Core;\n\npublic static class App\n{\n    public static int Run() => 1;\n}\n");
        var baseCommit = _context.Repo.Commit("base");
        var head = _context.Repo.Write("src/Core/App.cs", "namespace Core;\n\npublic static class App\n{\n    public static int Run() => Maths.Compute(1);\n}\n").Commit("use");

        var candidates = await CollectAsync(baseCommit, head);

        Assert.That(candidates.Related.Where(i => i.Kind == ContextKind.Definition && i.Symbol == "Compute").Select(i => i.Path),
            Is.EqualTo(new[] { "src/Core/Math.cs" }));
    }

    [Test]
    public async Task A_new_test_method_named_Test_does_not_make_every_Test_attribute_a_test_that_calls_it()
    {
        foreach (var n in Enumerable.Range(0, 5))
        {
            _context.Repo.Write($"tests/App.Tests/Case{n}Tests.cs", $"namespace App.Tests;\n\npublic class Case{n}Tests\n{{\n    [Test]\n    public void Works()\n    {{\n        Assert.Pass();\n    }}\n}}\n");
        }
        _context.Repo.Write("tests/App.Tests/SmokeTests.cs", "namespace App.Tests;\n\npublic class SmokeTests\n{\n    public void Test()\n    {\n    }\n}\n");
        var baseCommit = _context.Repo.Commit("base");
        var head = _context.Repo.Write("tests/App.Tests/SmokeTests.cs", "namespace App.Tests;\n\npublic class SmokeTests\n{\n    public void Test()\n    {\n        Assert.Pass();\n    }\n}\n").Commit("test");

        var candidates = await CollectAsync(baseCommit, head);

        Assert.That(candidates.Related.Select(i => i.Reason), Has.None.Contains("calls Test"));
    }

    [Test]
    public async Task A_nested_function_pulls_in_neither_callers_nor_a_definition_of_the_same_name_from_another_module()
    {
        _context.Repo.Write("app/views.py", "def page():\n    def index():\n        return 1\n    return index()\n")
            .Write("other/site.py", "def index():\n    return 'site'\n")
            .Write("other/menu.py", "from other.site import index\n\n\ndef menu():\n    return index()\n");
        var baseCommit = _context.Repo.Commit("base");
        var head = _context.Repo.Write("app/views.py", "def page():\n    def index():\n        return 2\n    return index() + index()\n").Commit("nested");

        var candidates = await CollectAsync(baseCommit, head);

        Assert.That(candidates.Related.Select(i => i.Path), Has.None.StartsWith("other/"));
    }

    [Test]
    public async Task A_name_defined_in_many_places_is_taken_only_where_a_qualifier_narrows_it_and_a_few_times_at_most()
    {
        foreach (var name in new[] { "alpha", "beta", "gamma", "delta", "epsilon" })
        {
            _context.Repo.Write($"lib/{name}.py", $"def render():\n    return '{name}'\n");
        }
        _context.Repo.Write("app/main.py", "import lib.beta as beta\n\n\ndef main():\n    return 0\n");
        var baseCommit = _context.Repo.Commit("base");
        var head = _context.Repo.Write("app/main.py", "import lib.beta as beta\n\n\ndef main():\n    return beta.render()\n").Commit("qualified");

        var candidates = await CollectAsync(baseCommit, head);

        Assert.That(candidates.Related.Where(i => i.Symbol == "render").Select(i => i.Path), Is.EqualTo(new[] { "lib/beta.py" }));
    }

    [Test]
    public async Task Tests_that_name_the_changed_file_count_only_when_they_name_its_changed_function_nearest_first()
    {
        foreach (var n in Enumerable.Range(0, 10))
        {
            _context.Repo.Write($"tests/area{n}/test_page{n}.py", $"from web import index\n\n\ndef test_page{n}():\n    handler = index.render\n    assert handler\n");
        }
        _context.Repo.Write("web/tests/test_index.py", "from web import index\n\n\ndef test_near():\n    handler = index.render\n    assert handler\n")
            .Write("web/tests/test_other.py", "from web import index\n\n\ndef test_title():\n    assert index.TITLE\n")
            .Write("web/index.py", "TITLE = 'x'\n\n\ndef render():\n    return 1\n");
        var baseCommit = _context.Repo.Commit("base");
        var head = _context.Repo.Write("web/index.py", "TITLE = 'x'\n\n\ndef render():\n    return 2\n").Commit("change");

        var candidates = await CollectAsync(baseCommit, head);

        var tests = candidates.Related.Where(i => i.Reason == "test that names render of index, which the change alters").ToList();
        Assert.That(tests, Has.Count.EqualTo(2));
        Assert.That(tests.Select(i => i.Path), Does.Contain("web/tests/test_index.py"), "the nearest first");
        Assert.That(candidates.Related.Select(i => i.Path), Does.Not.Contain("web/tests/test_other.py"), "it names the file, not the changed function");
    }

    [Test]
    public async Task A_typescript_local_named_like_a_function_is_no_definition_of_it()
    {
        foreach (var n in Enumerable.Range(0, 4))
        {
            _context.Repo.Write($"test/case{n}.test.ts", "describe(\"x\", () => {\n  it(\"works\", () => {\n    const result = 1;\n    expect(result).toBe(1);\n  });\n});\n");
        }
        _context.Repo.Write("src/result.ts", "export function result(x: number): number {\n  return x + 1;\n}\n")
            .Write("src/app.ts", "import { result } from \"./result\";\n\nexport function app(): number {\n  return 0;\n}\n");
        var baseCommit = _context.Repo.Commit("base");
        var head = _context.Repo.Write("src/app.ts", "import { result } from \"./result\";\n\nexport function app(): number {\n  return result(1);\n}\n").Commit("call");

        var candidates = await CollectAsync(baseCommit, head);

        Assert.That(candidates.Related.Where(i => i.Kind == ContextKind.Definition && i.Symbol == "result").Select(i => i.Path),
            Is.EqualTo(new[] { "src/result.ts" }));
    }

    [Test]
    public async Task The_imported_package_ranks_above_another_package_and_a_test_file_with_the_same_function()
    {
        _context.Repo.Write("go.mod", "module example.com/m\n\ngo 1.22\n")
            .Write("cache/open_test.go", "package cache_test\n\nfunc Open() int {\n\treturn 3\n}\n")
            .Write("legacy/open.go", "package legacy\n\nfunc Open() int {\n\treturn 2\n}\n")
            .Write("store/open.go", "package store\n\nfunc Open() int {\n\treturn 1\n}\n")
            .Write("app/app.go", "package app\n\nimport \"example.com/m/store\"\n\nfunc Run() int {\n\treturn 0\n}\n");
        var baseCommit = _context.Repo.Commit("base");
        var head = _context.Repo.Write("app/app.go", "package app\n\nimport \"example.com/m/store\"\n\nfunc Run() int {\n\treturn store.Open()\n}\n").Commit("open");

        var candidates = await CollectAsync(baseCommit, head);

        Assert.That(Ranked(candidates).Where(i => i.Symbol == "Open").Select(i => i.Path).First(), Is.EqualTo("store/open.go"));
        Assert.That(candidates.Related.Where(i => i.Symbol == "Open").Select(i => i.Path), Has.None.EqualTo("cache/open_test.go"));
    }

    [Test]
    public void Scope_tiers_follow_the_order_same_file_imported_same_package_source_tests()
    {
        const string use = "package app\n\nimport \"example.com/m/store\"\n";
        using (Assert.EnterMultipleScope())
        {
            Assert.That(DefinitionScope.Tier("app/app.go", use, "app/app.go", use), Is.EqualTo(ScopeTier.SameFile));
            Assert.That(DefinitionScope.Tier("app/app.go", use, "store/open.go", "package store\n"), Is.EqualTo(ScopeTier.Imported));
            Assert.That(DefinitionScope.Tier("app/app.go", use, "app/util.go", "package app\n"), Is.EqualTo(ScopeTier.SamePackage));
            Assert.That(DefinitionScope.Tier("app/app.go", use, "app/app_test.go", "package app_test\n"), Is.EqualTo(ScopeTier.Test));
            Assert.That(DefinitionScope.Tier("app/app.go", use, "legacy/open.go", "package legacy\n"), Is.EqualTo(ScopeTier.Source));
            Assert.That(DefinitionScope.Tier("src/Billing/Invoice.cs", "using Billing.Money;\nnamespace Billing;\n", "lib/Money/Discount.cs", "namespace Billing.Money;\n"),
                Is.EqualTo(ScopeTier.Imported));
            Assert.That(DefinitionScope.Tier("pkg/a/views.py", "from ..b import helpers\n", "pkg/b/helpers.py", ""), Is.EqualTo(ScopeTier.Imported));
            Assert.That(DefinitionScope.Tier("web/src/app.ts", "import { x } from '../lib/util';\n", "web/lib/util.ts", ""), Is.EqualTo(ScopeTier.Imported));
        }
    }

    [Test]
    public void Scope_tiers_hold_without_texts_and_with_unicode_paths()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(DefinitionScope.Tier("src/ünï/a.py", null, "src/ünï/b.py", null), Is.EqualTo(ScopeTier.SamePackage));
            Assert.That(DefinitionScope.Tier("src/a.cs", null, "tests/A.Tests/ATests.cs", null), Is.EqualTo(ScopeTier.Test));
            Assert.That(DefinitionScope.Tier("a.go", "", "b.rs", ""), Is.EqualTo(ScopeTier.Source));
        }
    }

    [Test]
    public async Task A_minified_caller_line_is_skipped_not_a_failure()
    {
        var minified = string.Concat(Enumerable.Repeat("x=compute(x)<1?compute(<<x>>):y;", 5_000));
        _context.Repo.Write("src/calc.js", "export function compute(x) {\n  return x;\n}\n").Write("src/bundle.js", minified + "\n");
        var baseCommit = _context.Repo.Commit("base");
        var head = _context.Repo.Write("src/calc.js", "export function compute(x) {\n  return x * 2;\n}\n").Commit("double");

        var candidates = await CollectAsync(baseCommit, head);

        Assert.That(candidates.Related.Select(i => i.Path), Has.None.EqualTo("src/bundle.js"));
    }

    [Test]
    public async Task A_diff_item_names_its_hunks_and_no_context_item_repeats_lines_of_the_diff()
    {
        // Line 16 (F10) and line 36 (Copy) change; the class header at line 3 is outside the first hunk's context.
        string Invoice(string first, string last) =>
            $"namespace Billing;\n\npublic sealed class Invoice\n{{\n    public int Total() => 0;\n"
            + string.Concat(Enumerable.Range(0, 30).Select(i => $"    public int F{i}() => {(i == 10 ? first : i)};\n"))
            + $"    public Invoice Copy() => {last};\n}}\n";
        _context.Repo.Write("src/Invoice.cs", Invoice("0", "this"));
        var baseCommit = _context.Repo.Commit("base");
        var head = _context.Repo.Write("src/Invoice.cs", Invoice("1", "new Invoice()")).Commit("two hunks");

        var candidates = await CollectAsync(baseCommit, head);

        var diff = candidates.Diff.Single();
        var hunks = diff.Hunks;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(hunks, Has.Count.EqualTo(2));
            Assert.That(diff.Reason, Does.Contain($"lines {hunks[0].Start}-{hunks[0].End}, {hunks[1].Start}-{hunks[1].End}"));
            Assert.That(candidates.Related.Where(i => i.Path == "src/Invoice.cs"),
                Has.All.Matches<ContextItem>(i => hunks.All(h => i!.EndLine < h.Start || i.StartLine > h.End)));
            Assert.That(candidates.Related.Where(i => i.Symbol == "Invoice").Select(i => (i.StartLine, i.EndLine)),
                Is.EqualTo(new[] { (3, hunks[0].Start - 1) }));
        }
    }

    [Test]
    public async Task A_caller_outside_any_function_is_labelled_with_the_callee_not_the_enclosing_class()
    {
        _context.Repo.Write("src/Rates.cs", "namespace Money;\n\npublic static class Rates\n{\n    public static decimal Compute(decimal x)\n    {\n        return x;\n    }\n}\n")
            .Write("src/Prices.cs", "namespace Money;\n\npublic sealed class Prices\n{\n    private static readonly decimal Base = Rates.Compute(1m);\n}\n");
        var baseCommit = _context.Repo.Commit("base");
        var head = _context.Repo.Write("src/Rates.cs", "namespace Money;\n\npublic static class Rates\n{\n    public static decimal Compute(decimal x)\n    {\n        return x * 2;\n    }\n}\n").Commit("double");

        var candidates = await CollectAsync(baseCommit, head);

        var caller = candidates.Related.Single(i => i.Kind == ContextKind.Caller);
        Assert.That((caller.Path, caller.Symbol), Is.EqualTo(("src/Prices.cs", "Compute")));
    }

    [Test]
    public async Task Base_and_head_swapped_give_a_note_not_a_silent_empty_pack()
    {
        _context.Repo.Write("src/a.py", "def a():\n    return 1\n");
        var first = _context.Repo.Commit("first");
        var second = _context.Repo.Write("src/a.py", "def a():\n    return 2\n").Commit("second");

        var candidates = await CollectAsync(second, first);

        Assert.That(candidates.Diff, Is.Empty);
        Assert.That(candidates.Notes, Has.Some.Contains("look swapped"));
    }

    [Test]
    public async Task A_base_that_is_not_an_ancestor_of_the_head_is_noted()
    {
        _context.Repo.Write("src/a.py", "def a():\n    return 1\n");
        _context.Repo.Commit("first");
        _context.Repo.Checkout("feature", create: true);
        var feature = _context.Repo.Write("src/a.py", "def a():\n    return 2\n").Commit("feature");
        _context.Repo.Checkout("main");
        var main = _context.Repo.Write("src/b.py", "def b():\n    return 3\n").Commit("main moved");

        var candidates = await CollectAsync(main, feature);

        Assert.That(candidates.Notes, Has.Some.Contains("is not an ancestor of the head"));
    }
}
