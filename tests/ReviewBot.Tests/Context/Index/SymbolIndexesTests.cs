using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ReviewBot.Context;
using ReviewBot.Context.Index;
using ReviewBot.Context.Symbols;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;

namespace ReviewBot.Tests.Context.Index;

/// <summary>The per-tree symbol index: written once, updated by changed blobs only, and never trusted when cut short.</summary>
public sealed class SymbolIndexesTests
{
    private TestRepository _repo = null!;
    private IHost _host = null!;
    private GitRepository _repository = null!;

    [SetUp]
    public async Task Create()
    {
        _repo = TestRepository.Create();
        _host = EngineHost.Create();
        _repository = (await GitRepository.OpenLocalAsync(_host.Services.GetRequiredService<GitRunner>(), _repo.Path, CancellationToken.None))!;
    }

    [TearDown]
    public void Clean()
    {
        _repository.Dispose();
        _host.Dispose();
        _repo.Dispose();
    }

    private string Folder => Path.Combine(_repository.GitDirectory, "reviewbot", "symbols");

    private async Task<SymbolIndex> OpenAsync(string commit, ISymbolExtractor? extractor = null, SymbolIndexes? indexes = null)
    {
        extractor ??= await _host.Services.GetRequiredService<SymbolSource>().GetAsync(CancellationToken.None);
        using var blobs = _repository.OpenBlobReader();
        return await (indexes ?? _host.Services.GetRequiredService<SymbolIndexes>()).OpenAsync(_repository, blobs, commit, extractor, CancellationToken.None);
    }

    private string Files(int count)
    {
        foreach (var i in Enumerable.Range(0, count))
        {
            _repo.Write($"lib/m{i}.py", $"def f{i}(x):\n    return x + {i}\n\n\nclass C{i}:\n    def run(self):\n        return f{i}(1)\n");
        }
        return _repo.Commit("files");
    }

    [Test]
    public async Task A_tree_is_extracted_once_and_then_read_from_disk()
    {
        var commit = Files(5);

        using var first = await OpenAsync(commit);
        using var second = await OpenAsync(commit);

        Assert.That((first.Origin, first.FilesExtracted), Is.EqualTo((IndexOrigin.Built, 5)));
        Assert.That((second.Origin, second.FilesExtracted), Is.EqualTo((IndexOrigin.Cached, 0)));
        Assert.That(second.Find(["f3"], CancellationToken.None)["f3"].Single().Definition,
            Is.EqualTo(new SymbolDefinition("f3", SymbolKinds.Function, "lib/m3.py", 1, 2, null)));
    }

    [Test]
    public async Task The_next_commit_extracts_only_the_blobs_it_changed()
    {
        using (await OpenAsync(Files(20)))
        {
        }
        var next = _repo.Write("lib/m7.py", "def g7():\n    return 7\n").Write("lib/new.py", "def fresh():\n    pass\n").Commit("change two");

        using var index = await OpenAsync(next);

        Assert.That((index.Origin, index.FilesExtracted), Is.EqualTo((IndexOrigin.Updated, 2)));
        var found = index.Find(["f7", "g7", "fresh", "f8", "run"], CancellationToken.None);
        Assert.That(found["f7"], Is.Empty, "m7.py no longer defines f7");
        Assert.That(found["g7"].Single().Definition.Path, Is.EqualTo("lib/m7.py"));
        Assert.That(found["fresh"].Single().Definition.Path, Is.EqualTo("lib/new.py"));
        Assert.That(found["f8"].Single().Definition.Path, Is.EqualTo("lib/m8.py"), "copied from the previous tree's index");
        Assert.That(found["run"].Select(s => s.Definition.Scope), Is.EquivalentTo(Enumerable.Range(0, 20).Where(i => i != 7).Select(i => $"C{i}")));
    }

    // The end line is lost (a write that died), or kept while 16 bytes of the binary sections before it went missing.
    [TestCase(0, 1, TestName = "An_index_cut_short_is_built_again")]
    [TestCase(200, 184, TestName = "An_index_missing_bytes_inside_its_sections_is_built_again")]
    public async Task A_damaged_index_is_built_again(int cutFromEnd, int keptFromEnd)
    {
        var commit = Files(40);
        string path;
        using (var index = await OpenAsync(commit))
        {
            path = index.FilePath;
        }
        var bytes = File.ReadAllBytes(path);
        var endLine = Array.LastIndexOf(bytes, (byte)'#');
        var damaged = cutFromEnd == 0 ? bytes[..endLine] : [.. bytes[..(bytes.Length - cutFromEnd)], .. bytes[(bytes.Length - keptFromEnd)..]];
        File.WriteAllBytes(path, damaged);

        using var again = await OpenAsync(commit);

        Assert.That(again.Origin, Is.Not.EqualTo(IndexOrigin.Cached));
        Assert.That(again.Find(["f39"], CancellationToken.None)["f39"], Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Every_name_is_found_by_bisection_and_names_outside_the_sorted_range_are_not()
    {
        var commit = Files(300);

        using var index = await OpenAsync(commit);
        var names = Enumerable.Range(0, 300).SelectMany(i => new[] { $"f{i}", $"C{i}" }).ToList();
        var found = index.Find([.. names, "run", "AAAA", "zzzz", "f300", ""], CancellationToken.None);

        Assert.That(names.Where(n => found[n].Count != 1), Is.Empty);
        Assert.That(found["f123"].Single().Definition, Is.EqualTo(new SymbolDefinition("f123", SymbolKinds.Function, "lib/m123.py", 1, 2, null)));
        Assert.That(new[] { "AAAA", "zzzz", "f300", "" }.Select(n => found[n].Count), Is.All.EqualTo(0));
        Assert.That(found["run"], Has.Count.EqualTo(300));
    }

    [Test]
    public async Task A_filtered_lookup_keeps_what_the_filter_takes_and_tells_it_how_many_files_define_the_name()
    {
        var commit = Files(12);

        using var index = await OpenAsync(commit);
        var counts = new List<int>();
        var found = index.Find(["run", "f3"], (symbol, files) =>
        {
            counts.Add(files);
            return symbol.Definition.Path.EndsWith("m3.py", StringComparison.Ordinal);
        }, CancellationToken.None);

        Assert.That(found["run"].Select(s => s.Definition.Path), Is.EqualTo(new[] { "lib/m3.py" }));
        Assert.That(found["f3"], Has.Count.EqualTo(1));
        Assert.That(counts, Is.EqualTo(Enumerable.Repeat(12, 12).Append(1)));
    }

    [Test]
    public async Task Files_defining_a_name_leave_out_those_that_define_it_only_inside_a_function()
    {
        _repo.Write("a.py", "def helper():\n    return 1\n")
            .Write("b.py", "def helper():\n    return 2\n")
            .Write("c.py", "def outer():\n    def helper():\n        return 3\n\n    return helper()\n");
        var commit = _repo.Commit("helpers");

        using var index = await OpenAsync(commit);
        var counts = index.FilesDefining(["helper", "outer", "absent"], CancellationToken.None);

        Assert.That(counts, Is.EquivalentTo(new Dictionary<string, int> { ["helper"] = 2, ["outer"] = 1, ["absent"] = 0 }));
        Assert.That(index.Find(["helper"], CancellationToken.None)["helper"], Has.Count.EqualTo(3));
    }

    [Test]
    public async Task An_index_of_another_extractor_is_not_used()
    {
        var commit = Files(2);
        using (await OpenAsync(commit, new FallbackSymbolExtractor()))
        {
        }

        using var index = await OpenAsync(commit);

        Assert.That(index.Origin, Is.Not.EqualTo(IndexOrigin.Cached));
    }

    [Test]
    public async Task Locals_are_marked_and_variables_are_not_indexed()
    {
        _repo.Write("app.py", "def outer(a):\n    result = a * 2\n\n    def inner():\n        return result\n\n    return inner()\n\n\ncounter = 0\n");
        var commit = _repo.Commit("ts");

        using var index = await OpenAsync(commit);
        var found = index.Find(["outer", "inner", "result", "counter"], CancellationToken.None);

        Assert.That(found["outer"].Single().IsLocal, Is.False);
        Assert.That(found["inner"].Single().IsLocal, Is.True);
        Assert.That(found["result"], Is.Empty);
        Assert.That(found["counter"].Where(s => s.Definition.Kind == SymbolKinds.Variable), Is.Empty);
    }

    [Test]
    public async Task Unicode_names_and_paths_are_kept_and_a_path_with_a_tab_is_left_out()
    {
        _repo.Write("src/zähler/ünïcode.py", "def größe():\n    return 1\n").Write("src/a\tb.py", "def tabbed():\n    pass\n");
        var commit = _repo.Commit("unicode");

        using var index = await OpenAsync(commit);
        var found = index.Find(["größe", "tabbed"], CancellationToken.None);

        Assert.That(found["größe"].Single().Definition.Path, Is.EqualTo("src/zähler/ünïcode.py"));
        Assert.That(found["tabbed"], Is.Empty);
    }

    [Test]
    public async Task The_namespace_of_a_file_is_kept_for_ranking()
    {
        _repo.Write("src/Core/Maths.cs", "// header\nnamespace Shop.Core;\n\npublic static class Maths\n{\n    public static int Twice(int x) => x * 2;\n}\n");
        var commit = _repo.Commit("cs");

        using var index = await OpenAsync(commit);

        Assert.That(index.Find(["Twice"], CancellationToken.None)["Twice"].Single().Clause, Is.EqualTo("namespace Shop.Core"));
    }

    [Test]
    public async Task Two_reviews_of_one_tree_at_once_build_it_once_and_both_read_it()
    {
        var commit = Files(30);

        var both = await Task.WhenAll(OpenAsync(commit), OpenAsync(commit));

        Assert.That(both.Select(i => i.Origin), Is.EquivalentTo(new[] { IndexOrigin.Built, IndexOrigin.Cached }));
        Assert.That(both.Select(i => i.Find(["f29"], CancellationToken.None)["f29"].Count), Is.EqualTo(new[] { 1, 1 }));
        Assert.That(Directory.GetFiles(Folder), Has.Length.EqualTo(1));
        foreach (var index in both)
        {
            index.Dispose();
        }
    }

    [Test]
    public async Task Old_indexes_are_pruned_to_the_configured_number()
    {
        using var host = EngineHost.Create(new Dictionary<string, string?> { ["Context:IndexesKept"] = "2" });
        var indexes = host.Services.GetRequiredService<SymbolIndexes>();
        foreach (var i in Enumerable.Range(0, 4))
        {
            var commit = _repo.Write($"p{i}.py", $"def p{i}():\n    pass\n").Commit($"c{i}");
            using (await OpenAsync(commit, indexes: indexes))
            {
            }
        }

        Assert.That(Directory.GetFiles(Folder, "*.idx"), Has.Length.EqualTo(2));
    }

    [Test]
    public async Task A_folder_that_cannot_be_written_gives_a_temporary_index_deleted_after_use()
    {
        var blocked = Path.Combine(_repo.Path, "blocked-file");
        File.WriteAllText(blocked, "a file where the folder should be");
        using var host = EngineHost.Create(new Dictionary<string, string?> { ["Context:IndexDirectory"] = Path.Combine(blocked, "symbols") });
        var commit = Files(2);

        string path;
        using (var index = await OpenAsync(commit, indexes: host.Services.GetRequiredService<SymbolIndexes>()))
        {
            path = index.FilePath;
            Assert.That(index.Find(["f1"], CancellationToken.None)["f1"], Has.Count.EqualTo(1));
        }

        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void A_number_of_kept_indexes_below_one_is_refused_at_startup()
    {
        using var host = EngineHost.Create(new Dictionary<string, string?> { ["Context:IndexesKept"] = "0" });

        Assert.That(() => host.Services.GetRequiredService<IOptions<ContextOptions>>().Value, Throws.InstanceOf<OptionsValidationException>());
    }
}
