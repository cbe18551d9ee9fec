using System.Diagnostics;
using System.Net.Sockets;

namespace ReviewBot.Tests.TestSupport;

/// <summary>
/// A redis-server of the test's own on a free loopback port, for tests that take Redis away and bring it back without
/// disturbing the shared test Redis (<see cref="RedisTestServer"/>). Persistent only when asked; killed at the end of the test.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private Process? _process;

    private readonly string? _dataDirectory;

    private RedisServerProcess(int port, bool durable)
    {
        Port = port;
        _dataDirectory = durable ? Directory.CreateTempSubdirectory("reviewbot-redis-").FullName : null;
    }

    public int Port { get; }

    /// <summary>The connection string the service is given.</summary>
    public string Connection => $"127.0.0.1:{Port}";

    /// <summary>Starts redis-server on a free port; under CI a missing redis-server fails the test, elsewhere it is ignored.</summary>
    /// <param name="durable">With an append-only file written on every write (<c>appendfsync always</c>), kept across restarts.</param>
    public static async Task<RedisServerProcess> StartAsync(bool durable = false)
    {
        var redis = new RedisServerProcess(ServiceProcess.FreePort(), durable);
        await redis.StartAgainAsync();
        return redis;
    }

    /// <summary>Starts it (again, on the same port) and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        string[] persistence = _dataDirectory is { } dir ? ["--appendonly", "yes", "--appendfsync", "always", "--dir", dir] : ["--appendonly", "no"];
        var info = new ProcessStartInfo("redis-server", ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1", "--save", "", .. persistence])
        {
            RedirectStandardOutput = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        try
        {
            _process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            RedisTestServer.Unavailable($"redis-server cannot be started ({ex.Message}); install it (`bash .ci/test.sh` does).");
            return;
        }

        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        var deadline = Stopwatch.StartNew();
        while (!Accepts())
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                Assert.Fail($"redis-server did not accept connections on port {Port} within {deadline.Elapsed}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Takes Redis away at once (SIGKILL), as a crash or a network cut would.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            await SignalAsync("CONT");
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    /// <summary>Freezes it (SIGSTOP) or thaws it (SIGCONT): connections stay open and nothing answers, as in a network partition.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
        Assert.That(kill.ExitCode, Is.Zero, $"kill -{signal}");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
        if (_dataDirectory is not null)
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private bool Accepts()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
