using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using ReviewBot.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace ReviewBot.Tests.Hosting;

/// <summary>
/// No container image can be pulled on the machines the suite runs on, so this checks what <c>src/ReviewBot/Dockerfile</c>
/// assumes: its stages, that the build stage copies every file the project reads from outside its folder, and that the
/// published output, alone and run as an unprivileged user with the image's settings, serves and finds git and ctags
/// where Debian's packages put them. What is not run: the image build itself, apt inside it, and the HEALTHCHECK.
/// </summary>
[NonParallelizable]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class ContainerImageTests
{
    private const int Nobody = 65534;

    private static string DockerfilePath => Path.Combine(SourceTree.Root, "src", "ReviewBot", "Dockerfile");

    [Test]
    public void TheImage_IsBuiltOnTheOfficialDotNetImages_RunsAsANonRootUser_AndChecksHealthz()
    {
        var lines = Instructions(File.ReadAllText(DockerfilePath));
        var from = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        var runtime = lines.SkipWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:", StringComparison.Ordinal)).ToList();

        Assert.That(from, Is.EqualTo(new[] { "FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", "FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime" }));
        Assert.That(runtime.Last(l => l.StartsWith("USER ", StringComparison.Ordinal)), Is.EqualTo("USER app"), "the images' own non-root account");
        Assert.That(runtime.Single(l => l.StartsWith("RUN apt-get", StringComparison.Ordinal)), Does.Contain(" git ").And.Contain(" universal-ctags ").And.Contain(" curl "));
        Assert.That(runtime.Single(l => l.StartsWith("HEALTHCHECK", StringComparison.Ordinal)), Does.Contain("http://127.0.0.1:8080/healthz"));
        Assert.That(Environment(lines)["ASPNETCORE_URLS"], Is.EqualTo("http://+:8080"));
        Assert.That(runtime.Where(l => l.StartsWith("COPY", StringComparison.Ordinal)), Is.EqualTo(new[] { "COPY --from=build /app ./" }), "the runtime stage holds the published output only");
    }

    [Test]
    public void TheBuildStage_CopiesEveryFileTheProjectReadsFromOutsideItsFolder_AndNoSecret()
    {
        var lines = Instructions(File.ReadAllText(DockerfilePath));
        var copied = lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1]).ToList();
        var project = File.ReadAllText(Path.Combine(SourceTree.Root, "src", "ReviewBot", "ReviewBot.csproj"));
        var outside = OutsidePath().Matches(project).Select(m => m.Groups[1].Value.Replace('\\', '/')).ToList();
        var ignored = File.ReadAllLines(DockerfilePath + ".dockerignore").Where(l => l.Length > 0 && l[0] != '#').ToList();

        Assert.That(copied, Is.All.Matches<string>(p => Directory.Exists(Path.Combine(SourceTree.Root, p!)) || File.Exists(Path.Combine(SourceTree.Root, p!))));
        Assert.That(outside, Is.Not.Empty);
        Assert.That(outside, Is.All.Matches<string>(p => copied.Any(c => p == c || p!.StartsWith(c.TrimEnd('/') + "/", StringComparison.Ordinal) || Glob(p!, c))),
            $"copied: {string.Join(", ", copied)}");
        // What the build reads without the project naming it: the analyzers' severities, the SDK pin, the feeds, the props.
        string[] implicitInputs = [".editorconfig", "global.json", "NuGet.config", "nuget.config", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props"];
        Assert.That(implicitInputs.Where(f => File.Exists(Path.Combine(SourceTree.Root, f))), Is.SubsetOf(copied));
        Assert.That(ignored, Does.Contain("**/.env").And.Contain("**/*.pem"), "the key register wrote never enters the build context");
        var settings = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(SourceTree.Root, "appsettings.json")), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        Assert.That(new[] { settings["GitHub"]?["PrivateKey"], settings["GitHub"]?["WebhookSecret"], settings["Model"]?["ApiKey"] }
            .Select(v => v?.ToString() ?? ""), Is.All.Empty, "the appsettings.json the image copies holds no secret");
    }

    [Test]
    public void TheComposeFile_RunsTheImageBesideARedisThatKeepsItsJobs()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(SourceTree.Root, "src", "ReviewBot", "compose.yaml")))
        {
            yaml.Load(reader);
        }
        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
        var bot = (YamlMappingNode)services["reviewbot"];
        var build = (YamlMappingNode)bot["build"];
        var composeFolder = Path.Combine(SourceTree.Root, "src", "ReviewBot");
        var context = Path.GetFullPath(Path.Combine(composeFolder, build["context"].ToString()));
        var redis = (YamlMappingNode)services["redis"];

        Assert.That(context, Is.EqualTo(SourceTree.Root.TrimEnd('/')));
        Assert.That(File.Exists(Path.Combine(context, build["dockerfile"].ToString())), Is.True);
        Assert.That(Path.GetFullPath(Path.Combine(composeFolder, bot["env_file"].ToString())), Is.EqualTo(Path.Combine(SourceTree.Root, ".env")));
        Assert.That(((YamlMappingNode)bot["environment"])["ConnectionStrings__Redis"].ToString(), Is.EqualTo("redis:6379"));
        Assert.That(((YamlMappingNode)((YamlMappingNode)bot["depends_on"])["redis"])["condition"].ToString(), Is.EqualTo("service_healthy"));
        Assert.That(((YamlSequenceNode)redis["command"]).Select(n => n.ToString()), Does.Contain("--appendonly").And.Contain("always"));
        Assert.That(redis.Children.ContainsKey("healthcheck"), Is.True);
    }

    /// <summary>The rules must outlive a container and be the same for every instance: a named volume where the image keeps them.</summary>
    [Test]
    public void TheComposeFile_GivesEveryInstanceTheSameFeedbackVolume()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(SourceTree.Root, "src", "ReviewBot", "compose.yaml")))
        {
            yaml.Load(reader);
        }
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var bot = (YamlMappingNode)((YamlMappingNode)root["services"])["reviewbot"];
        var directory = Environment(Instructions(File.ReadAllText(DockerfilePath)))["Feedback__Directory"];

        Assert.That(((YamlSequenceNode)bot["volumes"]).Select(v => v.ToString()), Does.Contain($"feedback:{directory}"));
        Assert.That(((YamlMappingNode)root["volumes"]).Children.Keys.Select(k => k.ToString()), Does.Contain("feedback"));
    }

    [Test]
    public async Task ThePublishedOutputAlone_RunAsNobodyWithTheImagesSettings_ServesAndUsesGitAndCtags()
    {
        var temp = Directory.CreateTempSubdirectory("reviewbot-image-");
        try
        {
            // What `dotnet publish` puts in /app, from what the suite built (Release, as the image builds it).
            var app = Path.Combine(temp.FullName, "app");
            var publish = await RunAsync("dotnet", ["publish", Path.Combine(SourceTree.Root, "src", "ReviewBot", "ReviewBot.csproj"), "-c", "Release", "--no-build", "-o", app], SourceTree.Root, asNobody: false);
            Assert.That(publish.Exit, Is.Zero, publish.Output + publish.Error);
            var home = Path.Combine(temp.FullName, "home");
            Directory.CreateDirectory(home);
            OpenTo(temp.FullName);
            Chown(home);

            var settings = Environment(Instructions(File.ReadAllText(DockerfilePath)));
            var port = ServiceProcess.FreePort();
            settings["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            settings["Workspace__Root"] = Path.Combine(home, "workspaces");
            settings["Feedback__Directory"] = Path.Combine(home, "feedback");
            settings["HOME"] = home;
            settings["GitHub__WebhookSecret"] = "container-test";

            using var service = StartAsNobody(Path.Combine(app, "ReviewBot.dll"), [], home, settings);
            try
            {
                Assert.That(await HealthyAsync(new Uri($"http://127.0.0.1:{port}/healthz"), service), Is.True, "no answer from /healthz");
            }
            finally
            {
                service.Kill(entireProcessTree: true);
                await service.WaitForExitAsync();
            }

            var (repo, _, head) = GeneratedRepository.Create(files: 6, changedFiles: 1);
            using (repo)
            {
                OpenTo(repo.Path);
                Chown(repo.Path, recursive: true);
                string[] context = [Path.Combine(app, "ReviewBot.dll"), "context", "--repo", repo.Path, "--base", "main", "--head", head, "--json", "--verbose"];
                var used = await RunAsync("dotnet", context, home, asNobody: true, settings);
                settings["Context__CtagsPath"] = "/nonexistent/ctags";
                var control = await RunAsync("dotnet", context, home, asNobody: true, settings);

                Assert.That(used.Exit, Is.Zero, used.Error);
                Assert.That(used.Output, Does.Contain($"\"head\": \"{head}\""));
                Assert.That(used.Output + used.Error, Does.Not.Contain("universal-ctags is not installed"), "ctags at the image's path was taken");
                Assert.That(control.Output + control.Error, Does.Contain("universal-ctags is not installed"), "the check above can fail");
            }
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    /// <summary>The Dockerfile's instructions, one per line, continuation lines joined, comments left out.</summary>
    private static List<string> Instructions(string dockerfile) =>
        dockerfile.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n')
            .Select(l => Spaces().Replace(l.Trim(), " "))
            .Where(l => l.Length > 0 && l[0] != '#')
            .ToList();

    private static Dictionary<string, string> Environment(List<string> instructions) =>
        instructions.Where(l => l.StartsWith("ENV ", StringComparison.Ordinal))
            .SelectMany(l => l["ENV ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1]);

    private static bool Glob(string pattern, string path) =>
        pattern.Contains('*', StringComparison.Ordinal) && Regex.IsMatch(path, "^" + Regex.Escape(pattern).Replace("\\*", "[^/]*", StringComparison.Ordinal) + "$");

    private static void OpenTo(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null && dir.FullName != "/"; dir = dir.Parent)
        {
            // Each folder on the way must let the unprivileged user pass.
            dir.UnixFileMode |= UnixFileMode.OtherExecute;
        }
        _ = RunSync("chmod", "-R", "a+rX", folder);
    }

    private static void Chown(string path, bool recursive = false) =>
        Assert.That(RunSync("chown", recursive ? ["-R", $"{Nobody}:{Nobody}", path] : [$"{Nobody}:{Nobody}", path]), Is.Zero, "the suite runs as root, which may hand a folder to another user");

    private static int RunSync(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        process.WaitForExit();
        return process.ExitCode;
    }

    private static Process StartAsNobody(string dll, string[] args, string directory, IDictionary<string, string> settings)
    {
        var info = AsNobody("dotnet", [dll, .. args], directory, settings);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs as uid and gid 65534 with only the given environment (and a PATH), as the image's entrypoint would run.</summary>
    private static ProcessStartInfo AsNobody(string file, string[] args, string directory, IDictionary<string, string> settings)
    {
        var info = new ProcessStartInfo("setpriv", ["--reuid", $"{Nobody}", "--regid", $"{Nobody}", "--clear-groups", "--", file, .. args]) { WorkingDirectory = directory };
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }
        return info;
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string file, string[] args, string directory, bool asNobody,
        IDictionary<string, string>? settings = null)
    {
        var info = asNobody ? AsNobody(file, args, directory, settings ?? new Dictionary<string, string>()) : new ProcessStartInfo(file, args) { WorkingDirectory = directory };
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static async Task<bool> HealthyAsync(Uri url, Process service)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(30) && !service.HasExited; await Task.Delay(50))
        {
            try
            {
                using var response = await http.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
            }
        }
        return false;
    }

    [GeneratedRegex(@"Include=""\.\.\\\.\.\\([^""]+)""")]
    private static partial Regex OutsidePath();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
