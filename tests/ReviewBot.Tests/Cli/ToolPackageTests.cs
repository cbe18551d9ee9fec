using System.Diagnostics;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Cli;

/// <summary>The CLI as a user gets it: <c>dotnet pack</c>, <c>dotnet tool install</c>, then <c>reviewbot</c> in a repository.</summary>
public sealed class ToolPackageTests
{
    [Test]
    public async Task The_packed_tool_installs_and_reviews_the_repository_it_is_run_in()
    {
        var root = SourceTree.Root;
        var temp = Directory.CreateTempSubdirectory("reviewbot-tool");
        var (repo, _, head) = GeneratedRepository.Create(files: 4, changedFiles: 1);
        await using var model = await FakeModel.StartAsync();
        try
        {
            // Packs what the suite built (no second build racing the other tests), from a feed of only that folder.
            var feed = Path.Combine(temp.FullName, "nupkg");
            var pack = await RunAsync("dotnet", ["pack", Path.Combine(root, "src", "ReviewBot"), "-c", "Release", "--no-build", "-o", feed], root);
            Assert.That(pack.Exit, Is.Zero, pack.Output + pack.Error);
            var config = Path.Combine(temp.FullName, "nuget.config");
            await File.WriteAllTextAsync(config, $"""
                <configuration><packageSources><clear /><add key="local" value="{feed}" /></packageSources></configuration>
                """);

            var clock = Stopwatch.StartNew();
            var tools = Path.Combine(temp.FullName, "tools");
            var install = await RunAsync("dotnet", ["tool", "install", "ReviewBot", "--tool-path", tools, "--configfile", config], temp.FullName);
            Assert.That(install.Exit, Is.Zero, install.Output + install.Error);
            var reviewbot = Path.Combine(tools, "reviewbot");

            repo.Checkout("feature");
            var environment = new Dictionary<string, string>
            {
                ["Workspace__Root"] = Path.Combine(temp.FullName, "workspace"),
                ["Model__Endpoint"] = model.Endpoint.ToString(),
                ["Model__Name"] = "fake-model",
            };
            var review = await RunAsync(reviewbot, ["review", "--repo", "."], repo.Path, environment);
            var untilFirstReview = clock.Elapsed;
            var context = await RunAsync(reviewbot, ["context", "--repo", ".", "--base", "main", "--head", "HEAD", "--json"], repo.Path, environment);
            var version = await RunAsync(reviewbot, ["--version"], repo.Path);
            var typo = await RunAsync(reviewbot, ["reveiw", "--urls", "http://127.0.0.1:1"], repo.Path);
            environment["Model__Endpoint"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}/v1";
            environment["Model__Resilience__Retry__MaxRetryAttempts"] = "1";
            environment["Model__Resilience__Retry__Delay"] = "00:00:00.010";
            var unreachable = await RunAsync(reviewbot, ["review", "--repo", "."], repo.Path, environment);
            await TestContext.Progress.WriteLineAsync($"dotnet tool install to the first review's output: {untilFirstReview.TotalSeconds:0.0} s");

            using (Assert.EnterMultipleScope())
            {
                Assert.That(review.Exit, Is.Zero, review.Error);
                Assert.That(review.Output, Does.StartWith("Reviewed ").And.Contain($"...{head[..12]}: no problems found"), "the sample's own head");
                Assert.That(FakeModel.Prompt(model.Requests.Single()), Does.Contain("Service0"), "the model saw the sample repository's change");
                Assert.That(context.Exit, Is.Zero, context.Error);
                Assert.That(context.Output, Does.Contain($"\"head\": \"{head}\"").And.Contain(GeneratedRepository.PathOf(0)));
                Assert.That(version.Output.Trim(), Does.Match(@"^reviewbot \d+\.\d+\.\d+$"));
                Assert.That(typo.Exit, Is.EqualTo(2));
                Assert.That(typo.Error.Trim(), Does.StartWith("reviewbot: unknown command \"reveiw\""));
                Assert.That(typo.Output, Does.Not.Contain("Now listening"), "a typo never starts the service");
                Assert.That(unreachable.Exit, Is.EqualTo(1));
                Assert.That(unreachable.Error.Trim().Split('\n'), Has.Length.EqualTo(1), unreachable.Error);
                Assert.That(unreachable.Error, Does.StartWith("reviewbot review: the model could not be reached").And.Not.Contain("   at "));
            }
        }
        finally
        {
            repo.Dispose();
            temp.Delete(recursive: true);
        }
    }

    [Test]
    public async Task Dotnet_run_keeps_the_callers_directory_so_relative_paths_mean_it()
    {
        // The Web SDK would run `dotnet run` from the project folder, and `review --repo .` would review ReviewBot.
        var root = SourceTree.Root;
        var property = await RunAsync("dotnet", ["msbuild", Path.Combine(root, "src", "ReviewBot", "ReviewBot.csproj"), "-getProperty:RunWorkingDirectory"], root);

        Assert.That(property.Exit, Is.Zero, property.Error);
        Assert.That(property.Output.Trim(), Is.Empty);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string file, string[] args, string directory,
        IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output, await error);
    }
}
