using ReviewBot.Context;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Context;

/// <summary>Rust end to end: the definitions a change calls, on small generated crates, and what a <c>use</c> brings into scope.</summary>
public sealed class RustContextTests
{
    private const string Lib = "pub mod search;\npub mod printer;\n";
    private const string Search = """
        use crate::printer::{Printer, Style};

        pub fn run(pattern: &str) -> usize {
            0
        }
        """;

    private ContextCollector _context = null!;

    [SetUp]
    public void Create() => _context = new ContextCollector();

    [TearDown]
    public void Clean() => _context.Dispose();

    private Task<ContextCandidates> CollectAsync(string baseCommit, string headCommit) => _context.CollectAsync(baseCommit, headCommit);

    [Test]
    public async Task A_function_called_from_another_module_is_found_with_its_span()
    {
        _context.Repo.Write("src/lib.rs", Lib)
            .Write("src/printer.rs", "pub struct Printer;\n\npub fn count_matches(text: &str, pattern: &str) -> usize {\n    text.matches(pattern).count()\n}\n")
            .Write("src/search.rs", Search);
        var baseCommit = _context.Repo.Commit("base");
        var head = _context.Repo.Write("src/search.rs", Search.Replace("    0\n", "    crate::printer::count_matches(\"a\", pattern)\n", StringComparison.Ordinal)).Commit("count");

        var candidates = await CollectAsync(baseCommit, head);

        Assert.That(candidates.Related.Where(i => i.Kind == ContextKind.Definition && i.Symbol == "count_matches").Select(i => (i.Path, i.StartLine, i.EndLine)),
            Is.EqualTo(new[] { ("src/printer.rs", 3, 5) }));
    }

    [Test]
    public async Task A_local_let_binding_named_like_the_called_function_is_no_definition_of_it()
    {
        _context.Repo.Write("src/lib.rs", Lib)
            .Write("src/printer.rs", "pub fn helper() {\n    let count_lines = 3;\n    println!(\"{}\", count_lines);\n}\n")
            .Write("src/search.rs", Search);
        var baseCommit = _context.Repo.Commit("base");
        var head = _context.Repo.Write("src/search.rs", Search.Replace("    0\n", "    count_lines(pattern)\n", StringComparison.Ordinal)).Commit("call");

        var candidates = await CollectAsync(baseCommit, head);

        Assert.That(candidates.Related.Where(i => i.Kind == ContextKind.Definition).Select(i => i.Symbol), Has.None.EqualTo("count_lines"));
    }

    [Test]
    public void A_use_path_brings_its_module_into_scope_and_an_unrelated_module_is_not()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(DefinitionScope.Tier("src/search.rs", Search, "src/printer.rs", ""), Is.EqualTo(ScopeTier.Imported));
            Assert.That(DefinitionScope.Tier("src/search.rs", Search, "src/printer/mod.rs", ""), Is.EqualTo(ScopeTier.Imported));
            Assert.That(DefinitionScope.Tier("src/search.rs", "use crate::printer::{style::{Style, Color}, Printer};\n", "src/printer/style.rs", ""),
                Is.EqualTo(ScopeTier.Imported));
            Assert.That(DefinitionScope.Tier("src/a/b.rs", "use super::c::helper;\n", "src/a/c.rs", ""), Is.EqualTo(ScopeTier.Imported));
            Assert.That(DefinitionScope.Tier("src/a/mod.rs", "use self::c::*;\n", "src/a/c.rs", ""), Is.EqualTo(ScopeTier.Imported));
            Assert.That(DefinitionScope.Tier("crates/core/src/main.rs", "use grep_searcher::{Searcher, sinks};\n", "crates/searcher/src/sinks.rs", ""),
                Is.EqualTo(ScopeTier.Imported));
            Assert.That(DefinitionScope.Tier("src/search.rs", Search, "src/walk.rs", ""), Is.EqualTo(ScopeTier.SamePackage));
            Assert.That(DefinitionScope.Tier("src/search.rs", Search, "other/printer.rs", ""), Is.EqualTo(ScopeTier.Source));
            Assert.That(DefinitionScope.Tier("src/search.rs", Search, "tests/printer.rs", ""), Is.EqualTo(ScopeTier.Test));
        }
    }

    [Test]
    public void A_mod_declaration_brings_in_the_file_beside_or_below_it()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(DefinitionScope.Tier("src/lib.rs", Lib, "src/printer.rs", ""), Is.EqualTo(ScopeTier.Imported));
            Assert.That(DefinitionScope.Tier("src/lib.rs", Lib, "src/search/mod.rs", ""), Is.EqualTo(ScopeTier.Imported));
            Assert.That(DefinitionScope.Tier("src/walk.rs", "mod filter;\n", "src/walk/filter.rs", ""), Is.EqualTo(ScopeTier.Imported));
            Assert.That(DefinitionScope.Tier("src/walk.rs", "mod filter;\n", "src/filter.rs", ""), Is.EqualTo(ScopeTier.SamePackage));
        }
    }

    [Test]
    public void A_long_file_with_use_in_prose_and_no_semicolon_is_read_in_time()
    {
        // Every line starts a `use` that never ends: read to the end from each, that is 1,900 lines x 60,000 characters.
        var text = string.Concat(Enumerable.Repeat("use the searcher and the printer\n", 1_900));

        Assert.That(DefinitionScope.Tier("src/lib.rs", text, "src/x.rs", ""), Is.EqualTo(ScopeTier.SamePackage));
    }
}
