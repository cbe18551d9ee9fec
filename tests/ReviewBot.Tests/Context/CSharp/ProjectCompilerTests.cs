using ReviewBot.Context.CSharp;
using ReviewBot.Reviews;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;

namespace ReviewBot.Tests.Context.CSharp;

public sealed class ProjectCompilerTests : GeneratedCSharpRepository
{
    private async Task<(ProjectCompiler Compiler, CompiledProject? Compiled)> CompileAsync(string project, string[] changed, int maxFiles = ProjectCompiler.MaxFiles)
    {
        var head = Repo.Commit("tree");
        using var repository = (await GitRepository.OpenLocalAsync(Host.Services.GetRequiredService<GitRunner>(), Repo.Path, CancellationToken.None))!;
        using var blobs = repository.OpenBlobReader();
        var paths = (await repository.ListFilesAsync(head, CancellationToken.None)).Select(e => e.Path);
        var compiler = new ProjectCompiler(blobs, head, paths, ReferenceAssemblies.PacksFolder(), maxFiles);
        return (compiler, await compiler.CompileAsync(project, changed, CancellationToken.None));
    }

    [Test]
    public async Task A_huge_project_is_cut_to_the_files_nearest_the_change_with_a_note_and_keeps_the_changed_file()
    {
        Repo.Write("Big/Big.csproj", ShopRepository.Csproj);
        for (var i = 0; i < 10; i++)
        {
            Repo.Write($"Big/Part{i:00}.cs", $"namespace Big;\n\npublic static class Part{i} {{ }}\n");
        }
        Repo.Write("Big/Zz/Changed.cs", "namespace Big;\n\npublic static class Changed { }\n");

        var (compiler, compiled) = await CompileAsync("Big/Big.csproj", ["Big/Zz/Changed.cs"], maxFiles: 4);

        var sources = compiled!.Compilation.SyntaxTrees.Select(t => t.FilePath).Where(p => !p.Contains("/obj/", StringComparison.Ordinal)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sources, Has.Count.EqualTo(4).And.Contains("Big/Zz/Changed.cs"));
            Assert.That(compiler.Notes, Is.EqualTo(new[] { "C# project Big has 11 .cs files; only the 4 nearest the change were compiled (cap 4 files, 30 MB)." }));
        }
    }

    [Test]
    public async Task A_project_reference_is_compiled_and_its_types_bind_while_nested_projects_and_build_output_stay_out()
    {
        Repo.Write("Directory.Build.props", "<Project><PropertyGroup><ImplicitUsings>enable</ImplicitUsings></PropertyGroup></Project>")
            .Write("lib/Lib.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>")
            .Write("lib/Money.cs", "namespace Lib;\n\npublic static class Money { public static decimal Round(decimal v) => Math.Round(v, 2); }\n")
            .Write("app/App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>"
                + "<ItemGroup><ProjectReference Include=\"..\\lib\\Lib.csproj\" /></ItemGroup></Project>")
            .Write("app/Use.cs", "namespace App;\n\npublic static class Use { public static decimal Go() => Lib.Money.Round(1.234m) + new List<int>().Count; }\n")
            .Write("app/bin/Old.cs", "this is no C#")
            .Write("app/tools/Tool.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />")
            .Write("app/tools/Tool.cs", "this is no C# either");

        var (compiler, compiled) = await CompileAsync("app/App.csproj", ["app/Use.cs"]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(compiler.ProjectOf("app/tools/Tool.cs"), Is.EqualTo("app/tools/Tool.csproj"));
            Assert.That(compiled!.Compilation.SyntaxTrees.Select(t => t.FilePath), Is.EqualTo(new[] { "app/Use.cs", "app/obj/ReviewBot.Generated.cs" }));
            Assert.That(compiled.Compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error), Is.Empty);
            Assert.That(compiler.Notes, Is.Empty);
        }
    }

    [Test]
    public async Task Projects_that_reference_each_other_or_a_missing_project_still_compile()
    {
        Repo.Write("a/A.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><ProjectReference Include=\"../b/B.csproj\" /><ProjectReference Include=\"../gone/Gone.csproj\" /></ItemGroup></Project>")
            .Write("a/Größe.cs", "namespace A;\n\npublic static class Maß { public static int Größe() => B.Other.Value; }\n")
            .Write("b/B.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup><ProjectReference Include=\"../a/A.csproj\" /></ItemGroup></Project>")
            .Write("b/Other.cs", "namespace B;\n\npublic static class Other { public const int Value = 1; }\n");

        var (_, compiled) = await CompileAsync("a/A.csproj", ["a/Größe.cs"]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(compiled!.Compilation.References.OfType<Microsoft.CodeAnalysis.CompilationReference>().Select(r => r.Compilation.AssemblyName), Is.EqualTo(new[] { "B" }));
            Assert.That(compiled.Compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error), Is.Empty);
        }
    }

    [Test]
    public void A_reference_that_climbs_out_of_the_repository_is_ignored()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(CSharpProject.Resolve("src/App", "../../../Outside/Outside.csproj"), Is.Null);
            Assert.That(CSharpProject.Resolve("src/App", "..\\Lib\\.\\Lib.csproj"), Is.EqualTo("src/Lib/Lib.csproj"));
            Assert.That(CSharpProject.Parse("x.csproj", "not xml <", []), Is.Null);
        }
    }
}
