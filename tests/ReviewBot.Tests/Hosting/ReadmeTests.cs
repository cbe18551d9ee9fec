using System.Reflection;
using ReviewBot.Hosting;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Hosting;

/// <summary>
/// The README says what is there: a setting the code binds is in its settings table and one the table lists is bound;
/// the layout names each folder once; it and the CI scripts point at nothing outside the repository.
/// </summary>
public class ReadmeTests
{
    // Options classes name their section in a `Section` constant; their simple properties are the settings a user sets.
    private static IEnumerable<string> BoundSettings() =>
        typeof(HostingExtensions).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal) && t.GetField("Section") is { IsLiteral: true })
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite && IsSimple(p.PropertyType))
                .Select(p => $"{t.GetField("Section")!.GetRawConstantValue()}:{p.Name}"));

    private static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(TimeSpan) || t == typeof(Uri) || t == typeof(decimal);
    }

    private static string Readme() => File.ReadAllText(Path.Combine(SourceTree.Root, "README.md"));

    [Test]
    public void Every_bound_setting_is_in_the_readme_settings_table()
    {
        var settings = BoundSettings().ToList();
        var readme = Readme();

        Assert.That(settings, Has.Count.GreaterThan(20), "the reflection found the options classes");
        Assert.That(settings.Where(s => !readme.Contains($"| `{s}` |", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Every_setting_in_the_readme_table_is_bound()
    {
        var bound = BoundSettings().ToHashSet(StringComparer.Ordinal);
        var sections = bound.Select(s => s.Split(':')[0]).ToHashSet(StringComparer.Ordinal);
        var listed = Readme().Split('\n')
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l[3..l.IndexOf('`', 3)])
            .Where(s => s.Count(c => c == ':') == 1 && sections.Contains(s.Split(':')[0]));

        Assert.That(listed.Where(s => !bound.Contains(s)), Is.Empty);
    }

    private static List<string> LayoutLines()
    {
        var readme = Readme();
        var start = readme.IndexOf("## Layout", StringComparison.Ordinal);
        var block = readme[(readme.IndexOf("```", start, StringComparison.Ordinal) + 3)..];
        return [.. block[..block.IndexOf("```", StringComparison.Ordinal)].Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
    }

    [Test]
    public void The_layout_names_every_folder_of_the_service_and_every_test_project_once()
    {
        var root = SourceTree.Root;
        var words = LayoutLines().SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var folders = Directory.GetDirectories(Path.Combine(root, "src", "ReviewBot"))
            .Select(d => Path.GetFileName(d) + "/").Where(d => d is not "bin/" and not "obj/")
            .Concat(Directory.GetDirectories(Path.Combine(root, "tests")).Select(d => $"tests/{Path.GetFileName(d)}/"));

        Assert.That(folders.Where(f => words.Count(w => w == f) != 1), Is.Empty);
    }

    [Test]
    public void The_readme_points_at_no_file_outside_the_repository()
    {
        Assert.That(Readme(), Does.Not.Contain("../"));
    }

    [Test]
    public void The_ci_scripts_cite_no_document_that_is_not_in_the_repository()
    {
        var root = SourceTree.Root;
        var cited = Directory.GetFiles(Path.Combine(root, ".ci"))
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), @"[\w./-]+\.md\b").Select(m => m.Value))
            .Distinct(StringComparer.Ordinal);

        Assert.That(cited.Where(d => !File.Exists(Path.Combine(root, d)) && !Directory.EnumerateFiles(root, Path.GetFileName(d), SearchOption.AllDirectories).Any()),
            Is.Empty);
    }
}
