using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Cli;
using ReviewBot.Hosting;

namespace ReviewBot.Tests.Registration;

/// <summary>
/// <c>reviewbot register</c> against the fake GitHub, with this test as the browser: it reads the local page's form, and
/// comes back to the callback as GitHub's redirect would, with a code the fake knows.
/// </summary>
public sealed partial class AppRegistrationTests
{
    private const string WebhookUrl = "https://smee.io/reviewbot-test-channel";

    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("reviewbot-register-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    private string EnvPath => Path.Combine(_folder, EnvFile.DefaultName);

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Register_WritesTheAppsKeyAndSecret_AndTheServiceStartsWithThem()
    {
        await using var github = await FakeGitHub.StartAsync();
        await using var run = Registration.Start(github, EnvPath);
        var page = await run.StartPageAsync();

        Assert.That(page.Action, Does.StartWith($"{github.BaseUrl}settings/apps/new?state="));
        Assert.That(page.Policy, Does.Contain($"form-action {github.BaseUrl.GetLeftPart(UriPartial.Authority)}"));
        Assert.That(page.Manifest["hook_attributes"]!["url"]!.GetValue<string>(), Is.EqualTo(WebhookUrl));
        Assert.That(page.Manifest["redirect_url"]!.GetValue<string>(), Is.EqualTo($"{run.LocalUrl}callback"));
        Assert.That(JsonNode.DeepEquals(page.Manifest["default_permissions"], ReviewBot.Registration.AppManifest.Template()["default_permissions"]), Is.True);

        using var done = await run.CallbackAsync(github.AddManifestCode(), page.State);
        Assert.That(done.StatusCode, Is.EqualTo(HttpStatusCode.OK), string.Join("\n", github.Requests.Select(r => $"{r.Method} {r.Path} {r.Status}")));
        Assert.That(await run.ExitAsync(), Is.EqualTo(0), run.Output);
        Assert.That(run.Output, Does.Contain("Next:").And.Contain("/installations/new"));
        Assert.That(File.ReadAllBytes(EnvPath)[0], Is.EqualTo((byte)'#'), "no byte-order mark before the first line");
        Assert.That(github.Requests.SelectMany(GitHubOpenApi.Problems), Is.Empty);

        Assert.That(File.GetUnixFileMode(EnvPath), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        var written = EnvFile.Parse(File.ReadAllLines(EnvPath));
        Assert.That(written["GitHub:AppId"], Is.EqualTo(ReviewBotApplication.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(written["GitHub:WebhookSecret"], Is.EqualTo(github.ConvertedWebhookSecret));
        Assert.That(written["GitHub:ApiBaseUrl"], Is.EqualTo(github.BaseUrl.ToString()));

        // The service is given nothing but the file: its App check calls the fake as the App, and a delivery signed with
        // the secret GitHub answered is taken.
        await using var service = ServiceProcess.Start(new Dictionary<string, string> { ["ConnectionStrings__Redis"] = "" }, _folder);
        await service.WaitUntilHealthyAsync(TimeSpan.FromSeconds(30));
        using var http = new HttpClient { BaseAddress = service.Url };
        var ready = await http.GetStringAsync("readyz");
        Assert.That(ready, Does.Contain("\"github-app\":{\"status\":\"Healthy\""), ready);
        using var delivery = WebhookSigner.Delivery("ping", "{\"zen\":\"Design for failure.\"}", github.ConvertedWebhookSecret);
        using var answer = await http.SendAsync(delivery);
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task ACallbackWithAnotherState_IsRefused_AndTheRegistrationWaitsOn()
    {
        await using var github = await FakeGitHub.StartAsync();
        await using var run = Registration.Start(github, EnvPath);
        var page = await run.StartPageAsync();

        using var forged = await run.CallbackAsync(github.AddManifestCode(), "not-the-state");
        using var noCode = await run.CallbackAsync("", page.State);

        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(noCode.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(run.HasExited, Is.False);
        Assert.That(File.Exists(EnvPath), Is.False);

        using var done = await run.CallbackAsync(github.AddManifestCode(), page.State);
        Assert.That(await run.ExitAsync(), Is.EqualTo(0), run.Output);
        using var again = await HttpAfterExit(run, page.State);
        Assert.That(again, Is.Null, "the local page is gone once the App is registered");
    }

    [Test]
    public async Task OnlyThePrintedAddressServesThePage_AndOnlyForThisMachinesName()
    {
        await using var github = await FakeGitHub.StartAsync();
        await using var run = Registration.Start(github, EnvPath);
        var page = await run.StartPageAsync();

        using var root = await run.GetAsync("/");
        using var rebound = await run.GetAsync($"/callback?code=abc&state={Uri.EscapeDataString(page.State)}", host: $"evil.example:{run.LocalUrl.Port}");

        Assert.That(root.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the start page's path is random; / gives nothing away");
        Assert.That(rebound.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a page that rebinds its name to 127.0.0.1 is refused");
        Assert.That(run.HasExited, Is.False);
    }

    [Test]
    public async Task ACodeGitHubDoesNotTake_EndsTheRun_AndWritesNothing()
    {
        await using var github = await FakeGitHub.StartAsync();
        await using var run = Registration.Start(github, EnvPath);
        var page = await run.StartPageAsync();

        using var answer = await run.CallbackAsync("0123456789abcdef0123", page.State);

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(await run.ExitAsync(), Is.EqualTo(1));
        Assert.That(run.Errors, Does.Contain("works once and for an hour"));
        Assert.That(File.Exists(EnvPath), Is.False);
    }

    [Test]
    public async Task AnExistingEnvFile_IsKept_AndNothingIsStarted()
    {
        await File.WriteAllTextAsync(EnvPath, "GitHub__AppId=1\n");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CommandLine.RunAsync(["register", "--webhook-url", WebhookUrl, "--env-file", EnvPath, "--port", ServiceProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture)], output, error);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain("--force"));
        Assert.That(await File.ReadAllTextAsync(EnvPath), Is.EqualTo("GitHub__AppId=1\n"));
    }

    [TestCase(new string[0], "--webhook-url is required")]
    [TestCase(new[] { "--webhook-url", "ftp://example.com/hook" }, "--webhook-url must be an https address")]
    [TestCase(new[] { "--webhook-url", WebhookUrl, "--name", "a name longer than GitHub's thirty-four characters" }, "--name must be 1 to 34 characters")]
    [TestCase(new[] { "--webhook-url", WebhookUrl, "--org", "../../settings" }, "--org must be an organization's login")]
    [TestCase(new[] { "--webhook-url", WebhookUrl, "--port", "70000" }, "--port must be at most 65535")]
    [TestCase(new[] { "--webhook-url", WebhookUrl, "--api-url", "http://ghe.example.com/api/v3" }, "--api-url must be an https address")]
    [TestCase(new[] { "--webhook-url", WebhookUrl, "--wait-minutes", "100000" }, "--wait-minutes must be at most 1440")]
    public async Task AWrongCommandLine_IsExit2_WithTheReason(string[] options, string reason)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CommandLine.RunAsync(["register", .. options], output, error);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.ToString(), Does.Contain(reason));
    }

    [Test]
    public void TheFileRegisterWrites_IsIgnoredByGit()
    {
        var ignored = TestRepository.Run(SourceTree.Root, "check-ignore", "--no-index", ".env", "src/ReviewBot/.env");

        Assert.That(ignored.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { ".env", "src/ReviewBot/.env" }));
    }

    [Test]
    public void OnAServer_TheFlowStartsOnItsOrganizationPage_AndTalksToItsApi()
    {
        var request = RegisterCommand.Parse(CliArguments.Parse(
            ["register", "--webhook-url", WebhookUrl, "--github-url", "https://ghe.example.com", "--org", "platform-team"],
            new HashSet<string> { "--webhook-url", "--github-url", "--org" }, new HashSet<string>()));

        Assert.That(request.ApiUrl, Is.EqualTo(new Uri("https://ghe.example.com/api/v3/")));
        Assert.That(request.CreationUrl("s1").AbsoluteUri, Is.EqualTo("https://ghe.example.com/organizations/platform-team/settings/apps/new?state=s1"));
        Assert.That(ReviewBot.Registration.RegistrationRequest.ApiUrlFor(new Uri("https://github.com")), Is.EqualTo(new Uri("https://api.github.com/")));
    }

    private static async Task<HttpResponseMessage?> HttpAfterExit(Registration run, string state)
    {
        try
        {
            return await run.CallbackAsync("abc", state);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>One run of the verb in this process, on a free port, with what it prints kept.</summary>
    private sealed partial class Registration : IAsyncDisposable
    {
        private readonly StringWriter _outputText = new();
        private readonly StringWriter _errorText = new();
        private readonly TextWriter _output;
        private readonly TextWriter _error;
        private readonly HttpClient _http;
        private readonly CancellationTokenSource _cancel = new();
        private Task<int> _exit = null!;

        private Registration(Uri localUrl)
        {
            LocalUrl = localUrl;
            _output = TextWriter.Synchronized(_outputText);
            _error = TextWriter.Synchronized(_errorText);
            _http = new HttpClient { BaseAddress = localUrl, Timeout = TimeSpan.FromSeconds(30) };
        }

        public Uri LocalUrl { get; }

        public string Output => $"{_outputText}{_errorText}";

        public string Errors => _errorText.ToString();

        public bool HasExited => _exit.IsCompleted;

        public static Registration Start(FakeGitHub github, string envPath)
        {
            var port = ServiceProcess.FreePort();
            var run = new Registration(new Uri($"http://127.0.0.1:{port}/"));
            run._exit = Task.Run(() => CommandLine.RunAsync(
                ["register", "--webhook-url", WebhookUrl, "--github-url", github.BaseUrl.ToString(), "--api-url", github.BaseUrl.ToString(),
                    "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--env-file", envPath, "--wait-minutes", "2"],
                run._output, run._error));
            return run;
        }

        /// <summary>The page at the address the terminal printed, as the browser opens it.</summary>
        public async Task<(string Action, string State, JsonObject Manifest, string Policy)> StartPageAsync()
        {
            for (var attempt = 0; StartUrl().Match(Output) is not { Success: true } printed; attempt++)
            {
                Assert.That(attempt < 400 && !HasExited, Is.True, $"no start address printed: {Output}");
                await Task.Delay(25);
            }

            using var response = await _http.GetAsync(new Uri(StartUrl().Match(Output).Groups[1].Value));
            var html = await response.Content.ReadAsStringAsync();
            var action = WebUtility.HtmlDecode(FormAction().Match(html).Groups[1].Value);
            var manifest = JsonNode.Parse(WebUtility.HtmlDecode(ManifestField().Match(html).Groups[1].Value))!.AsObject();
            var state = Uri.UnescapeDataString(action[(action.IndexOf("state=", StringComparison.Ordinal) + "state=".Length)..]);
            return (action, state, manifest, response.Headers.GetValues("Content-Security-Policy").Single());
        }

        public Task<HttpResponseMessage> GetAsync(string path, string? host = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (host is not null)
            {
                request.Headers.Host = host;
            }
            return _http.SendAsync(request);
        }

        public Task<HttpResponseMessage> CallbackAsync(string code, string state) =>
            _http.GetAsync($"callback?code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(state)}");

        public Task<int> ExitAsync() => _exit.WaitAsync(TimeSpan.FromSeconds(30));

        public async ValueTask DisposeAsync()
        {
            await _cancel.CancelAsync();
            if (!_exit.IsCompleted)
            {
                // A test that failed before the callback leaves the run waiting: a callback it refuses costs nothing, and the
                // run's own timeout (2 minutes) ends it.
                await Task.WhenAny(_exit, Task.Delay(100));
            }
            _http.Dispose();
            _cancel.Dispose();
        }

        [GeneratedRegex(@"Open (http://127\.0\.0\.1:\d+/\S+) in a browser")]
        private static partial Regex StartUrl();

        [GeneratedRegex("<form[^>]*action=\"([^\"]*)\"")]
        private static partial Regex FormAction();

        [GeneratedRegex("name=\"manifest\" value=\"([^\"]*)\"")]
        private static partial Regex ManifestField();
    }
}
