using Microsoft.Extensions.Hosting;

namespace ReviewBot.Tests.TestSupport;

/// <summary>
/// A test that writes a small C# repository (<see cref="Repo"/>, a fresh one per test) and runs the engine's services on it
/// (<see cref="Host"/>). <see cref="Project"/> writes an SDK project file (net10.0, implicit usings) with the given items.
/// </summary>
public abstract class GeneratedCSharpRepository
{
    private const string Sdk = "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>";

    protected TestRepository Repo { get; private set; } = null!;
    protected IHost Host { get; private set; } = null!;

    [SetUp]
    public void CreateRepository()
    {
        Repo = TestRepository.Create();
        Host = EngineHost.Create();
    }

    [TearDown]
    public void CleanRepository()
    {
        Host.Dispose();
        Repo.Dispose();
    }

    protected static string Project(params string[] items) =>
        Sdk + (items.Length == 0 ? "" : "<ItemGroup>" + string.Concat(items) + "</ItemGroup>") + "</Project>";

    protected static string Reference(string path) => $"<ProjectReference Include=\"{path}\" />";
}
