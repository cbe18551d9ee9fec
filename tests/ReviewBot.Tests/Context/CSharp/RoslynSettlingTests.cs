using ReviewBot.Context;
using ReviewBot.Context.CSharp;
using ReviewBot.Reviews;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;

namespace ReviewBot.Tests.Context.CSharp;

/// <summary>What the compiler settles for the whole change: every changed file's project is compiled, with the projects the
/// graph builds on, before the projects wanted only for callers; a name bound to the .NET library takes the search's
/// same-named guesses out.</summary>
public sealed class RoslynSettlingTests : GeneratedCSharpRepository
{
    private static string Projects(params string[] references) => Project([.. references.Select(Reference)]);

    private async Task<ContextCandidates> ChangeAsync(params (string Path, string Text)[] changes)
    {
        var @base = Repo.Commit("base");
        foreach (var (path, text) in changes)
        {
            Repo.Write(path, text);
        }
        var head = Repo.Commit("change");
        using var repository = (await GitRepository.OpenLocalAsync(Host.Services.GetRequiredService<GitRunner>(), Repo.Path, CancellationToken.None))!;
        var change = await PullRequestSnapshots.LoadChangeAsync(repository, @base, head, CancellationToken.None);
        return await Host.Services.GetRequiredService<ContextBuilder>().CollectAsync(repository, change, null, CancellationToken.None);
    }

    private static string Use(string ns, string body) => $"namespace {ns};\n\npublic static class Use\n{{\n    public static object Go()\n    {{\n        {body}\n    }}\n}}\n";

    [Test]
    public async Task A_changed_file_in_a_second_project_is_compiled_even_when_the_first_projects_dependents_would_fill_the_cap()
    {
        // Core has 4 dependents, each with 3 libraries of its own: with their references they are more than the cap.
        Repo.Write("Core/Core.csproj", Projects()).Write("Core/Use.cs", Use("Core", "return 1;"));
        for (var d = 0; d < ProjectCompiler.MaxDependents; d++)
        {
            var leaves = Enumerable.Range(0, 3).Select(l => $"Leaf{d}{l}").ToList();
            foreach (var leaf in leaves)
            {
                Repo.Write($"{leaf}/{leaf}.csproj", Projects()).Write($"{leaf}/L.cs", $"namespace {leaf};\n\npublic static class L {{ }}\n");
            }
            Repo.Write($"Core/Dep{d}/Dep{d}.csproj", Projects([.. leaves.Select(l => $"../../{l}/{l}.csproj"), "../Core.csproj"]))
                .Write($"Core/Dep{d}/D.cs", $"namespace Dep{d};\n\npublic static class D {{ public static object Call() => Core.Use.Go(); }}\n");
        }
        Repo.Write("Zed/Zed.csproj", Projects())
            .Write("Zed/Helper.cs", "namespace Zed;\n\npublic static class Helper\n{\n    public static int Answer(int x) => x;\n}\n")
            .Write("Zed/Use.cs", Use("Zed", "return 1;"));

        var candidates = await ChangeAsync(("Core/Use.cs", Use("Core", "return 2;")), ("Zed/Use.cs", Use("Zed", "return Helper.Answer(2);")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(candidates.Related.Where(i => i.Kind == ContextKind.Definition && i.Path == "Zed/Helper.cs").Select(i => i.Reason),
                Has.One.StartsWith("defines Helper.Answer(int), called on 1 added line(s)"));
            Assert.That(candidates.Notes, Has.None.Contains("Zed was not compiled"));
            Assert.That(candidates.Notes, Has.Some.Contains("was not compiled"), "the dependents still meet the cap");
        }
    }

    [Test]
    public async Task A_test_project_whose_references_outnumber_the_cap_still_binds_the_library_they_all_build_on()
    {
        // Tests references 12 helper projects first and then Utilities, which references Lib: walked in order, the cap is
        // spent before Lib.
        var helpers = Enumerable.Range(0, ProjectCompiler.MaxProjects).Select(i => $"Aux{i:00}").ToList();
        foreach (var helper in helpers)
        {
            Repo.Write($"test/{helper}/{helper}.csproj", Projects()).Write($"test/{helper}/H.cs", $"namespace {helper};\n\npublic static class H {{ }}\n");
        }
        Repo.Write("src/Lib/Lib.csproj", Projects())
            .Write("src/Lib/EntityBuilder.cs", "namespace Lib;\n\npublic sealed class EntityBuilder\n{\n    public EntityBuilder HasKey(string name) => this;\n}\n")
            .Write("src/Lib/Model.cs", "namespace Lib;\n\npublic sealed class Model\n{\n    public Model Entity(Action<EntityBuilder> build) { build(new EntityBuilder()); return this; }\n}\n")
            .Write("test/Utilities/Utilities.csproj", Projects("../../src/Lib/Lib.csproj"))
            .Write("test/Utilities/Fixture.cs", "namespace Utilities;\n\npublic static class Fixture { }\n")
            .Write("test/Lib.Tests/Lib.Tests.csproj", Projects([.. helpers.Select(h => $"../{h}/{h}.csproj"), "../Utilities/Utilities.csproj"]))
            .Write("test/Lib.Tests/Use.cs", Use("Lib.Tests", "return 1;"));

        var candidates = await ChangeAsync(("test/Lib.Tests/Use.cs", Use("Lib.Tests", "return new Lib.Model().Entity(e => e.HasKey(\"Id\"));")));

        Assert.That(candidates.Related.Where(i => i.Kind == ContextKind.Definition && i.Path == "src/Lib/EntityBuilder.cs" && i.StartLine == 5).Select(i => i.Reason),
            Has.One.StartsWith("defines EntityBuilder.HasKey(string), called on 1 added line(s)"));
    }

    [Test]
    public async Task A_declaration_called_once_outranks_a_type_mentioned_on_many_lines()
    {
        WriteShopWithItsOwnCombine();
        Repo.Write("Shop/Label.cs", "namespace Shop;\n\npublic sealed record Label(string Text);\n");
        var mentions = string.Concat(Enumerable.Range(0, 8).Select(i => $"Label l{i} = new(\"{i}\");\n        "));

        var candidates = await ChangeAsync(("Shop/Use.cs", Use("Shop", mentions + "return Paths.Combine(\"a\", \"b\");")));

        var combine = candidates.Related.Single(i => i.Path == "Shop/Paths.cs");
        var label = candidates.Related.Single(i => i.Path == "Shop/Label.cs");
        Assert.That(combine.Score, Is.GreaterThan(label.Score), $"{combine.Reason} vs {label.Reason}");
    }

    private void WriteShopWithItsOwnCombine() =>
        Repo.Write("Shop/Shop.csproj", Projects())
            .Write("Shop/Paths.cs", "namespace Shop;\n\npublic static class Paths\n{\n    public static string Combine(string a, string b) => a + \"/\" + b;\n}\n")
            .Write("Shop/Use.cs", Use("Shop", "return 1;"));

    [Test]
    public async Task A_call_the_compiler_binds_to_the_dotnet_library_drops_the_searchs_method_of_the_same_name()
    {
        WriteShopWithItsOwnCombine();

        var candidates = await ChangeAsync(("Shop/Use.cs", Use("Shop", "return Path.Combine(\"a\", \"b\");")));

        Assert.That(candidates.Related.Where(i => i.Path == "Shop/Paths.cs").Select(i => i.Reason), Is.Empty);
    }

    [Test]
    public async Task A_name_the_compiler_cannot_bind_on_one_line_keeps_the_searchs_guess_though_it_binds_elsewhere()
    {
        WriteShopWithItsOwnCombine();

        // Unrestored.Thing is from no reference: its Combine is unbound, so the guess stays for it.
        var candidates = await ChangeAsync(("Shop/Use.cs", Use("Shop", "return Path.Combine(\"a\", \"b\") + Unrestored.Thing.Combine(\"a\", \"b\");")));

        Assert.That(candidates.Related.Where(i => i.Path == "Shop/Paths.cs").Select(i => i.Symbol), Is.EqualTo(new[] { "Combine" }));
    }
}
