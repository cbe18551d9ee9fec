using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReviewBot.Fixes;
using ReviewBot.Reviews;

namespace ReviewBot.Tests.Fixes;

/// <summary>
/// The verify command runs in real bubblewrap: the worktree is writable, nothing else outside is, there is no network
/// and no secret, and a hang or a flood of output is bounded. Without a working bubblewrap nothing runs.
/// What the sandbox allows and denies, one line each, is printed by
/// <c>dotnet test tests/ReviewBot.Tests -c Release --filter "FullyQualifiedName~What_the_sandbox_allows_and_denies" --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class VerifySandboxTests
{
    private string _worktree = "";

    [SetUp]
    public void SetUp() => _worktree = Directory.CreateTempSubdirectory("verify-sandbox-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_worktree, recursive: true);

    private static VerifySandbox Sandbox(string bwrap = "bwrap", int outputLimit = 64 * 1024) =>
        new(Options.Create(new SandboxOptions { BwrapPath = bwrap, OutputLimitBytes = outputLimit }), NullLogger<VerifySandbox>.Instance);

    private Task<VerifyOutcome> Run(string command, int timeoutSeconds = 60, VerifySandbox? sandbox = null) =>
        (sandbox ?? Sandbox()).RunAsync(_worktree, FixSettings.Default with { Verify = command, TimeoutSeconds = timeoutSeconds }, CancellationToken.None);

    [Test]
    public async Task A_passing_command_passes_with_its_output_and_may_write_the_worktree()
    {
        var outcome = await Run("echo hello; echo built > out.txt");

        Assert.That(outcome, Is.TypeOf<VerifyOutcome.Passed>());
        Assert.That(((VerifyOutcome.Passed)outcome).Output, Is.EqualTo("hello\n"));
        Assert.That(File.ReadAllText(Path.Combine(_worktree, "out.txt")), Is.EqualTo("built\n"));
    }

    [Test]
    public async Task Without_a_verify_command_nothing_runs()
    {
        var outcome = await Sandbox().RunAsync(_worktree, FixSettings.Default, CancellationToken.None);

        Assert.That(outcome, Is.TypeOf<VerifyOutcome.NoCommand>());
    }

    [Test]
    public async Task A_failing_command_gives_its_exit_code_and_the_tail_of_stdout_and_stderr()
    {
        var outcome = await Run("echo first; for i in $(seq 1 100); do echo line $i; done; echo broken >&2; exit 3");

        var failed = outcome as VerifyOutcome.Failed;
        Assert.That(failed, Is.Not.Null, outcome.ToString());
        Assert.That(failed!.ExitCode, Is.EqualTo(3));
        var last = VerifyOutcome.LastLines(failed.Output);
        Assert.That(last.Split('\n'), Has.Length.EqualTo(40));
        Assert.That(last, Does.Contain("line 100").And.Contain("broken").And.Not.Contain("first"));
    }

    [Test]
    public async Task The_hosts_loopback_cannot_be_reached_from_inside()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var connect = $"bash -c 'exec 3<>/dev/tcp/127.0.0.1/{port}' && echo connected";
        Assert.That(Outside(connect), Does.Contain("connected"), "the same command connects outside the sandbox");

        var outcome = await Run(connect);

        Assert.That(outcome, Is.TypeOf<VerifyOutcome.Failed>());
        Assert.That(((VerifyOutcome.Failed)outcome).Output, Does.Not.Contain("connected"));
    }

    [TestCase("getent hosts github.com")]
    [TestCase("git ls-remote https://github.com/octocat/Hello-World.git")]
    [TestCase("bash -c 'exec 3<>/dev/tcp/140.82.112.3/443'")]
    public async Task The_network_is_not_there(string command) =>
        Assert.That(await Run(command), Is.TypeOf<VerifyOutcome.Failed>());

    [Test]
    public async Task Nothing_outside_the_worktree_can_be_written()
    {
        // The test's own folder is a real folder outside the worktree, and so are /usr and /etc.
        var outside = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"sandbox-escape-{Guid.NewGuid():N}");
        var usr = $"/usr/sandbox-escape-{Guid.NewGuid():N}";
        var etc = $"/etc/sandbox-escape-{Guid.NewGuid():N}";
        var sibling = _worktree + "-sibling";
        Directory.CreateDirectory(sibling);
        try
        {
            var outcome = await Run($"touch {outside} || touch {usr} || touch {etc} || touch {sibling}/x || mkdir /escape");

            Assert.That(outcome, Is.TypeOf<VerifyOutcome.Failed>());
            Assert.That(new[] { outside, usr, etc, Path.Combine(sibling, "x"), "/escape" }.Where(Path.Exists), Is.Empty);
        }
        finally
        {
            Directory.Delete(sibling, recursive: true);
        }
    }

    [Test]
    public async Task The_environment_holds_none_of_the_services_secrets()
    {
        string[] secrets = ["GITHUB_TOKEN", "Model__ApiKey", "GitHub__PrivateKey", "AWS_SECRET_ACCESS_KEY"];
        foreach (var name in secrets)
        {
            Environment.SetEnvironmentVariable(name, "ghs_sandboxsecret0123456789");
        }
        try
        {
            var outcome = await Run("env");

            var output = ((VerifyOutcome.Passed)outcome).Output;
            Assert.That(output, Does.Not.Contain("sandboxsecret"));
            var names = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)]);
            Assert.That(names, Is.SubsetOf(new[] { "PATH", "HOME", "LANG", "DOTNET_CLI_TELEMETRY_OPTOUT", "DOTNET_NOLOGO", "NUGET_PACKAGES", "NuGetAudit", "PWD" }));
        }
        finally
        {
            foreach (var name in secrets)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }

    [Test]
    public async Task A_command_that_hangs_is_killed_at_the_limit_with_everything_it_started()
    {
        var marker = Random.Shared.Next(600_000, 700_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var watch = Stopwatch.StartNew();

        var outcome = await Run($"echo started; setsid sleep {marker} & sleep {marker}", timeoutSeconds: 2);

        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        var timedOut = outcome as VerifyOutcome.TimedOut;
        Assert.That(timedOut, Is.Not.Null, outcome.ToString());
        Assert.That(timedOut!.Message, Is.EqualTo("timed out after 2 s"));
        Assert.That(timedOut.Output, Does.Contain("started"));
        Assert.That(() => SleepsRunning(marker), Is.Zero.After(3_000, 100));
    }

    [Test]
    public async Task Huge_output_is_cut_to_its_last_bytes()
    {
        var outcome = await Run("yes 0123456789 2>/dev/null | head -c 20000000; echo; echo the-end", sandbox: Sandbox(outputLimit: 4096));

        var output = ((VerifyOutcome.Passed)outcome).Output;
        // 20,000,000 bytes end in a partial "012345678", then echo's newline and "the-end\n".
        var header = output[..(output.IndexOf('\n', StringComparison.Ordinal) + 1)];
        Assert.That(header, Does.Match(@"^\[1999\d{4} earlier bytes of output cut\]\n$"));
        Assert.That(output, Does.EndWith("0123456789\n012345678\nthe-end\n"));
        Assert.That(output, Has.Length.EqualTo(header.Length + 4096));
        Assert.That(output.Split('\n').Skip(2).SkipLast(3), Has.All.EqualTo("0123456789"));
    }

    [Test]
    public async Task A_missing_bubblewrap_is_unavailable_and_the_command_does_not_run()
    {
        var outcome = await Run("touch ran", sandbox: Sandbox("/nonexistent/bwrap"));

        Assert.That(outcome, Is.TypeOf<VerifyOutcome.Unavailable>());
        Assert.That(((VerifyOutcome.Unavailable)outcome).Reason, Does.Contain("/nonexistent/bwrap"));
        Assert.That(File.Exists(Path.Combine(_worktree, "ran")), Is.False);
    }

    [Test]
    public async Task A_bubblewrap_that_cannot_make_its_namespaces_is_unavailable() =>
        Assert.That(await Run("touch ran", sandbox: Sandbox("/bin/false")), Is.TypeOf<VerifyOutcome.Unavailable>());

    [Test]
    public async Task A_bubblewrap_that_runs_the_command_without_a_sandbox_is_found_out_and_the_command_does_not_run()
    {
        var fake = Path.Combine(_worktree + "-bin", "bwrap");
        Directory.CreateDirectory(Path.GetDirectoryName(fake)!);
        File.WriteAllText(fake, "#!/bin/sh\nwhile [ \"$1\" != -- ]; do shift; done; shift; exec \"$@\"\n");
        Outside($"chmod +x {fake}");
        try
        {
            var outcome = await Run("touch ran", sandbox: Sandbox(fake));

            Assert.That(outcome, Is.TypeOf<VerifyOutcome.Unavailable>());
            Assert.That(File.Exists(Path.Combine(_worktree, "ran")), Is.False);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(fake)!, recursive: true);
        }
    }

    [Test]
    public async Task What_the_sandbox_allows_and_denies()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Environment.SetEnvironmentVariable("GITHUB_TOKEN", "ghs_sandboxsecret");
        var script = $$"""
            check() { if sh -c "$2" >/dev/null 2>&1; then echo "allowed: $1"; else echo "denied:  $1"; fi; }
            check "write the worktree" "touch ./probe"
            check "write /tmp and HOME (private, gone afterwards)" "touch /tmp/probe \$HOME/probe"
            check "run the toolchain (dotnet --version)" "dotnet --version"
            check "read /usr and /etc" "cat /etc/os-release /usr/bin/env"
            check "write /usr" "touch /usr/probe"
            check "write /etc" "touch /etc/probe"
            check "write /" "mkdir /probe"
            check "see the service's files ({{TestContext.CurrentContext.WorkDirectory}})" "ls {{TestContext.CurrentContext.WorkDirectory}}"
            check "connect to the host's 127.0.0.1:{{port}}" "bash -c 'exec 3<>/dev/tcp/127.0.0.1/{{port}}'"
            check "resolve github.com" "getent hosts github.com"
            check "remount /usr read-write" "mount -o remount,rw /usr"
            check "see the host's processes" "test \$(ls -d /proc/[0-9]* | wc -l) -gt 10"
            check "read GITHUB_TOKEN set in the service" "env | grep -q ghs_"
            """;
        try
        {
            var outcome = await Run(script);

            var output = ((VerifyOutcome.Passed)outcome).Output;
            await TestContext.Out.WriteLineAsync(output);
            var verdicts = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')[0]);
            Assert.That(verdicts, Is.EqualTo(Enumerable.Repeat("allowed", 4).Concat(Enumerable.Repeat("denied", 9))), output);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GITHUB_TOKEN", null);
        }
    }

    private static int SleepsRunning(string marker) =>
        Directory.GetDirectories("/proc").Count(d =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(d, "cmdline")).Contains($"sleep\0{marker}", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        });

    private static string Outside(string command)
    {
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
