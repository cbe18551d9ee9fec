using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ReviewBot.Context.CSharp;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;

namespace ReviewBot.Tests.Context.CSharp;

/// <summary>Which files and projects go into a project's compilation, as MSBuild would put them there.</summary>
public sealed class ProjectGraphTests : GeneratedCSharpRepository
{
    private async Task<CompiledProject> CompileAsync(string project, string changed)
    {
        var head = Repo.Commit("tree");
        using var repository = (await GitRepository.OpenLocalAsync(Host.Services.GetRequiredService<GitRunner>(), Repo.Path, CancellationToken.None))!;
        using var blobs = repository.OpenBlobReader();
        var paths = (await repository.ListFilesAsync(head, CancellationToken.None)).Select(e => e.Path);
        var compiler = new ProjectCompiler(blobs, head, paths, ReferenceAssemblies.PacksFolder());
        return (await compiler.CompileAsync(project, [changed], CancellationToken.None))!;
    }

    /// <summary>Where the call of <paramref name="method"/> in <paramref name="path"/> binds: "path:line" of its source declaration, or what else it is.</summary>
    private static string BindingOf(CompiledProject compiled, string path, string method)
    {
        var tree = compiled.Compilation.SyntaxTrees.Single(t => t.FilePath == path);
        var name = tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>().First(n => n.Identifier.ValueText == method && n.Parent is MemberAccessExpressionSyntax);
        var symbol = compiled.Compilation.GetSemanticModel(tree).GetSymbolInfo(name).Symbol;
        var source = symbol?.DeclaringSyntaxReferences.FirstOrDefault();
        return source is null ? symbol?.ToDisplayString() ?? "unbound"
            : $"{source.SyntaxTree.FilePath}:{source.SyntaxTree.GetLineSpan(source.Span).StartLinePosition.Line + 1}";
    }

    private void WriteBuilderLibrary()
    {
        Repo.Write("src/Lib/Lib.csproj", Project())
            .Write("src/Lib/EntityBuilder.cs", "namespace Lib;\n\npublic sealed class EntityBuilder\n{\n    public EntityBuilder HasKey(string name) => this;\n}\n")
            .Write("src/Lib/Model.cs", "namespace Lib;\n\npublic sealed class Model\n{\n    public Model Entity(Action<EntityBuilder> build) { build(new EntityBuilder()); return this; }\n}\n")
            .Write("test/Utilities/Utilities.csproj", Project(Reference("..\\..\\src\\Lib\\Lib.csproj")))
            .Write("test/Utilities/Fixture.cs", "namespace Utilities;\n\npublic static class Fixture\n{\n    public static Lib.Model NewModel() => new();\n}\n");
    }

    [Test]
    public async Task A_test_project_binds_the_librarys_fluent_calls_in_lambdas_through_a_reference_of_its_reference()
    {
        WriteBuilderLibrary();
        Repo.Write("test/Lib.Tests/Lib.Tests.csproj", Project(Reference("..\\Utilities\\Utilities.csproj")))
            .Write("test/Lib.Tests/ModelTests.cs", "namespace Lib.Tests;\n\npublic static class ModelTests\n{\n    public static void Keys() => Utilities.Fixture.NewModel().Entity(e => e.HasKey(\"Id\"));\n}\n");

        var compiled = await CompileAsync("test/Lib.Tests/Lib.Tests.csproj", "test/Lib.Tests/ModelTests.cs");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(BindingOf(compiled, "test/Lib.Tests/ModelTests.cs", "HasKey"), Is.EqualTo("src/Lib/EntityBuilder.cs:5"));
            Assert.That(compiled.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id), Is.Empty);
        }
    }

    [Test]
    public async Task A_project_that_turns_transitive_references_off_gets_only_its_own()
    {
        WriteBuilderLibrary();
        Repo.Write("test/Lib.Tests/Lib.Tests.csproj", Project(Reference("..\\Utilities\\Utilities.csproj"))
                .Replace("</PropertyGroup>", "<DisableTransitiveProjectReferences>true</DisableTransitiveProjectReferences></PropertyGroup>", StringComparison.Ordinal))
            .Write("test/Lib.Tests/ModelTests.cs", "namespace Lib.Tests;\n\npublic static class ModelTests\n{\n    public static object Make() => Utilities.Fixture.NewModel();\n}\n");

        var compiled = await CompileAsync("test/Lib.Tests/Lib.Tests.csproj", "test/Lib.Tests/ModelTests.cs");

        Assert.That(compiled.Compilation.References.OfType<CompilationReference>().Select(r => r.Compilation.AssemblyName), Is.EqualTo(new[] { "Utilities" }));
    }

    [Test]
    public async Task Files_linked_from_a_shared_folder_with_a_compile_glob_are_compiled_with_the_project()
    {
        Repo.Write("src/Shared/Check.cs", "namespace Shared;\n\ninternal static class Check\n{\n    public static T NotNull<T>(T value) => value;\n}\n")
            .Write("src/Shared/Deep/Guard.cs", "namespace Shared;\n\ninternal static class Guard { }\n")
            .Write("src/Shared/Notes.txt", "not C#")
            .Write("src/Lib/Lib.csproj", Project("<Compile Include=\"..\\Shared\\*.cs\" />", "<Compile Include=\"$(RepoRoot)\\Other\\*.cs\" />"))
            .Write("src/Lib/Use.cs", "namespace Lib;\n\npublic static class Use\n{\n    public static string Go(string s) => Shared.Check.NotNull(s);\n}\n");

        var compiled = await CompileAsync("src/Lib/Lib.csproj", "src/Lib/Use.cs");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(compiled.Compilation.SyntaxTrees.Select(t => t.FilePath), Is.EquivalentTo(new[] { "src/Lib/Use.cs", "src/Shared/Check.cs", "src/Lib/obj/ReviewBot.Generated.cs" }));
            Assert.That(BindingOf(compiled, "src/Lib/Use.cs", "NotNull"), Is.EqualTo("src/Shared/Check.cs:5"));
        }
    }

    [Test]
    public void A_recursive_compile_glob_matches_files_in_subfolders_and_only_there()
    {
        var matches = CompileGlobs.Matcher(["src/Shared/**/*.cs", "src/ef/Reporter.cs"]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(matches("src/Shared/Check.cs"), Is.True);
            Assert.That(matches("src/Shared/Deep/Guard.cs"), Is.True);
            Assert.That(matches("src/ef/Reporter.cs"), Is.True);
            Assert.That(matches("src/Shared.cs"), Is.False);
            Assert.That(matches("src/ef/Reporter.csx"), Is.False);
            Assert.That(CompileGlobs.Matcher([])("src/Shared/Check.cs"), Is.False);
        }
    }

    [Test]
    public async Task A_project_file_that_starts_with_a_byte_order_mark_is_read_and_its_reference_binds()
    {
        Repo.Write("src/Lib/Lib.csproj", "\uFEFF" + Project())
            .Write("src/Lib/Money.cs", "namespace Lib;\n\npublic static class Money\n{\n    public static decimal Round(decimal v) => v;\n}\n")
            .Write("src/App/App.csproj", "\uFEFF" + Project("<ProjectReference Include=\"..\\Lib\\Lib.csproj\" />"))
            .Write("src/App/Use.cs", "namespace App;\n\npublic static class Use\n{\n    public static decimal Go() => Lib.Money.Round(1m);\n}\n");

        var compiled = await CompileAsync("src/App/App.csproj", "src/App/Use.cs");

        Assert.That(BindingOf(compiled, "src/App/Use.cs", "Round"), Is.EqualTo("src/Lib/Money.cs:5"));
    }

    [Test]
    public async Task A_project_referenced_only_as_an_analyzer_gives_no_compilation_reference()
    {
        Repo.Write("src/Analyzers/Analyzers.csproj", Project())
            .Write("src/Analyzers/Rule.cs", "namespace Analyzers;\n\npublic sealed class Rule { }\n")
            .Write("src/Lib/Lib.csproj", Project("<ProjectReference Include=\"..\\Analyzers\\Analyzers.csproj\" ReferenceOutputAssembly=\"False\" OutputItemType=\"Analyzer\" />"))
            .Write("src/Lib/Use.cs", "namespace Lib;\n\npublic static class Use { }\n");

        var compiled = await CompileAsync("src/Lib/Lib.csproj", "src/Lib/Use.cs");

        Assert.That(compiled.Compilation.References.OfType<CompilationReference>(), Is.Empty);
    }
}
