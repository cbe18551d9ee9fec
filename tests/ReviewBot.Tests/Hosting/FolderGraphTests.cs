using System.Text.RegularExpressions;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Hosting;

/// <summary>
/// The folders of src/ReviewBot use each other as ARCHITECTURE.md draws them: no cycle between folders, and none of the
/// forbidden uses. A folder uses another when one of its files has a <c>using ReviewBot.X;</c> line, names a type as
/// <c>ReviewBot.X.Type</c>, or as <c>X.Type</c> (which C# resolves inside <c>namespace ReviewBot.*</c>). A
/// <c>global using ReviewBot.X</c> would make every folder use X, so there is none.
/// </summary>
public partial class FolderGraphTests
{
    private static readonly (string From, string To)[] Forbidden =
    [
        ("Diff", "Workspace"), ("Diff", "GitHub"), ("Diff", "Model"),
        ("Context", "GitHub"), ("Context", "Publishing"),
        ("Model", "GitHub"), ("Model", "Publishing"),
        ("Reviews", "Publishing"), ("Reviews", "Webhooks"),
        ("Webhooks", "Reviews"), ("Webhooks", "Model"),
        ("Publishing", "Model"),
        // Jobs knows no webhook types and no part's handler: the parts register theirs.
        ("Jobs", "Webhooks"), ("Jobs", "Reviews"), ("Jobs", "Commands"), ("Jobs", "Pipeline"), ("Jobs", "Publishing"),
    ];

    [Test]
    public void No_two_folders_use_each_other_through_any_chain()
    {
        var graph = Graph(Path.Combine(SourceTree.Root, "src", "ReviewBot"));

        Assert.That(Cycle(graph), Is.Null, Describe(graph));
    }

    [Test]
    public void No_folder_makes_a_use_the_architecture_forbids()
    {
        var graph = Graph(Path.Combine(SourceTree.Root, "src", "ReviewBot"));

        var broken = Forbidden.Where(f => graph.TryGetValue(f.From, out var uses) && uses.Contains(f.To)).Select(f => $"{f.From} → {f.To}");

        Assert.That(broken, Is.Empty, Describe(graph));
    }

    /// <summary>The reconciler sits at the top: it queues work through Jobs and reads GitHub the way Publishing does; only Program.cs starts it.</summary>
    [Test]
    public void The_reconciler_uses_only_its_parts_and_no_folder_uses_it()
    {
        var graph = Graph(Path.Combine(SourceTree.Root, "src", "ReviewBot"));

        Assert.That(graph["Reconciling"], Is.SubsetOf(new[] { "GitHub", "Jobs", "Publishing", "Caching", "Hosting" }), Describe(graph));
        Assert.That(graph.Where(g => g.Value.Contains("Reconciling")).Select(g => g.Key), Is.Empty, Describe(graph));
    }

    [Test]
    public void The_graph_is_read_from_the_service_folders_and_sees_their_uses()
    {
        var graph = Graph(Path.Combine(SourceTree.Root, "src", "ReviewBot"));

        Assert.That(graph.Keys, Is.SupersetOf(new[] { "Webhooks", "Jobs", "Pipeline", "Reviews", "Publishing", "GitHub", "Diff", "Context", "Model", "Workspace" }));
        Assert.That(graph["Pipeline"], Is.SupersetOf(new[] { "Reviews", "Publishing", "Jobs" }), "the orchestration uses the engine, publishing and jobs");
    }

    [Test]
    public void No_file_makes_a_folder_of_the_service_visible_to_every_other()
    {
        var source = Path.Combine(SourceTree.Root, "src", "ReviewBot");
        var global = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => GlobalUse().IsMatch(CommentsAndStrings().Replace(File.ReadAllText(f), " ")))
            .Select(f => Path.GetRelativePath(source, f));

        Assert.That(global, Is.Empty);
    }

    [Test]
    public void A_cycle_through_three_folders_is_found_and_named()
    {
        var graph = new Dictionary<string, HashSet<string>>
        {
            ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"],
        };

        Assert.That(Cycle(graph), Is.EqualTo("A → B → C → A"));
    }

    [Test]
    public void Uses_are_read_from_using_lines_and_qualified_names_but_not_from_comments_or_strings()
    {
        var root = Directory.CreateTempSubdirectory("folder-graph-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "A", "Inner"));
            Directory.CreateDirectory(Path.Combine(root, "B"));
            Directory.CreateDirectory(Path.Combine(root, "C"));
            File.WriteAllText(Path.Combine(root, "A", "Inner", "One.cs"), "using ReviewBot.B;\nnamespace ReviewBot.A;\n// ReviewBot.C.Thing in a comment\nclass One { string s = \"ReviewBot.C.Thing\"; }\n");
            File.WriteAllText(Path.Combine(root, "C", "Two.cs"), "namespace ReviewBot.C;\nclass Two { ReviewBot.A.One? one; }\n");
            File.WriteAllText(Path.Combine(root, "B", "Three.cs"), "using static ReviewBot.C.Two;\nnamespace ReviewBot.B;\n");
            Directory.CreateDirectory(Path.Combine(root, "D"));
            // A type named through the enclosing namespace (C.Two), next to a member chain that only looks like one (x.C.Count).
            File.WriteAllText(Path.Combine(root, "D", "Four.cs"), "namespace ReviewBot.D;\nclass Four { object o = C.Two.Make(); int n = x.A.Count; int m = B.Length; }\n");

            var graph = Graph(root);

            Assert.That(graph["D"], Is.EquivalentTo(new[] { "C" }), "C.Two is a type of C; x.A is a member chain and B has no type Length");
            Assert.That(graph["A"], Is.EquivalentTo(new[] { "B" }));
            Assert.That(graph["C"], Is.EquivalentTo(new[] { "A" }));
            Assert.That(graph["B"], Is.EquivalentTo(new[] { "C" }));
            Assert.That(Cycle(graph), Is.EqualTo("A → B → C → A"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Folder → the other folders its files use.</summary>
    private static Dictionary<string, HashSet<string>> Graph(string source)
    {
        var folders = Directory.GetDirectories(source).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).Cast<string>().ToHashSet(StringComparer.Ordinal);
        var code = folders.ToDictionary(f => f, f => Directory.EnumerateFiles(Path.Combine(source, f), "*.cs", SearchOption.AllDirectories)
            .Select(file => CommentsAndStrings().Replace(File.ReadAllText(file), " ")).ToList());
        var types = folders.ToDictionary(f => f, f => code[f].SelectMany(c => TypeDeclaration().Matches(c).Select(m => m.Groups["name"].Value)).ToHashSet(StringComparer.Ordinal));
        var graph = folders.ToDictionary(f => f, _ => new HashSet<string>(StringComparer.Ordinal));
        foreach (var folder in folders)
        {
            foreach (var text in code[folder])
            {
                var uses = Use().Matches(text).Select(m => m.Groups["folder"].Value)
                    .Concat(ShortUse().Matches(text).Where(m => types.TryGetValue(m.Groups["folder"].Value, out var declared) && declared.Contains(m.Groups["type"].Value))
                        .Select(m => m.Groups["folder"].Value));
                graph[folder].UnionWith(uses.Where(u => u != folder && folders.Contains(u)));
            }
        }
        return graph;
    }

    /// <summary>The first cycle found, as "A → B → A", or null.</summary>
    private static string? Cycle(Dictionary<string, HashSet<string>> graph)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();
        foreach (var start in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(start) is { } found)
            {
                return found;
            }
        }
        return null;

        string? Visit(string node)
        {
            if (state.GetValueOrDefault(node) == 1)
            {
                return string.Join(" → ", path.SkipWhile(p => p != node).Append(node));
            }
            if (state.GetValueOrDefault(node) == 2)
            {
                return null;
            }
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node, []).Order(StringComparer.Ordinal))
            {
                if (Visit(next) is { } found)
                {
                    return found;
                }
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
    }

    private static string Describe(Dictionary<string, HashSet<string>> graph) =>
        "folder graph:\n" + string.Join("\n", graph.OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"  {g.Key} → {string.Join(", ", g.Value.Order(StringComparer.Ordinal))}"));

    // Raw strings first (""" ... """), then comments, character literals and ordinary strings.
    [GeneratedRegex(@"""""""[\s\S]*?""""""|//[^\n]*|/\*[\s\S]*?\*/|'(?:[^'\\\n]|\\.)+'|@?""(?:[^""\\\n]|\\.|"""")*""")]
    private static partial Regex CommentsAndStrings();

    [GeneratedRegex(@"\bReviewBot\.(?<folder>[A-Z][A-Za-z]*)\b")]
    private static partial Regex Use();

    /// <summary><c>Folder.Type</c> not after a dot (then it is a member chain or already <c>ReviewBot.Folder.Type</c>).</summary>
    [GeneratedRegex(@"(?<![.\w])(?<folder>[A-Z][A-Za-z]*)\.(?<type>[A-Z]\w*)")]
    private static partial Regex ShortUse();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(?<name>[A-Z]\w*)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\bglobal\s+using\s+(?:static\s+)?ReviewBot\.")]
    private static partial Regex GlobalUse();
}
