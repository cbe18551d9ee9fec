using System.Text.RegularExpressions;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Hosting;

/// <summary>
/// The folders of src/ReviewBot use each other as ARCHITECTURE.md draws them: no cycle between folders, and none of the
/// forbidden uses. A folder uses another when one of its files has a <c>using ReviewBot.X;</c> line or names a type as
/// <c>ReviewBot.X.Type</c>.
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

    [Test]
    public void The_graph_is_read_from_the_service_folders_and_sees_their_uses()
    {
        var graph = Graph(Path.Combine(SourceTree.Root, "src", "ReviewBot"));

        Assert.That(graph.Keys, Is.SupersetOf(new[] { "Webhooks", "Jobs", "Pipeline", "Reviews", "Publishing", "GitHub", "Diff", "Context", "Model", "Workspace" }));
        Assert.That(graph["Pipeline"], Is.SupersetOf(new[] { "Reviews", "Publishing", "Jobs" }), "the orchestration uses the engine, publishing and jobs");
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

            var graph = Graph(root);

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
        var folders = Directory.GetDirectories(source).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).ToHashSet(StringComparer.Ordinal);
        var graph = folders.ToDictionary(f => f!, _ => new HashSet<string>(StringComparer.Ordinal));
        foreach (var folder in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(source, folder!), "*.cs", SearchOption.AllDirectories))
            {
                var code = CommentsAndStrings().Replace(File.ReadAllText(file), " ");
                foreach (Match use in Use().Matches(code))
                {
                    var target = use.Groups["folder"].Value;
                    if (target != folder && folders.Contains(target))
                    {
                        graph[folder!].Add(target);
                    }
                }
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
}
