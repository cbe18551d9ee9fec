using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ReviewBot.Tests.TestSupport;

/// <summary>The service as a user runs it: its own process, configured by environment variables, on a loopback port.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private ServiceProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Lines the service wrote to standard output (its console log).</summary>
    public int OutputLines => _outputLines;

    /// <summary>Stack-trace frames ("   at ...") in that output: an expected refusal must not write any.</summary>
    public int StackTraceLines => _stackTraceLines;

    /// <summary>The last output lines, for a failure message.</summary>
    public string RecentOutput => string.Join("\n", _output.TakeLast(40));

    /// <summary>Resident memory of the service now, from /proc.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    private int _outputLines;
    private int _stackTraceLines;

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        Interlocked.Increment(ref _outputLines);
        if (line.StartsWith("   at ", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _stackTraceLines);
        }

        _output.Enqueue(line);
    }

    public string StandardError => _process.HasExited ? _process.StandardError.ReadToEnd() : "";

    /// <summary>What the service wrote to standard output so far (its console log).</summary>
    public string StandardOutput => string.Join('\n', _output);

    /// <param name="workingDirectory">Where it runs (it reads a <c>.env</c> there); default: the temporary folder.</param>
    public static ServiceProcess Start(IDictionary<string, string> environment, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var url = new Uri($"http://127.0.0.1:{FreePort()}/");
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ReviewBot.dll"), "--urls", url.ToString()])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        var service = new ServiceProcess(process, url);
        process.OutputDataReceived += (_, e) => service.OnOutput(e.Data);
        process.BeginOutputReadLine();
        return service;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Polls /healthz until it answers 200; returns how long that took.</summary>
    public async Task<TimeSpan> WaitUntilHealthyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(2) };
        while (clock.Elapsed < timeout && !_process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync("healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return clock.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"The service did not answer /healthz within {timeout}. {StandardError}");
    }

    /// <summary>SIGKILL, as <c>kill -9</c>: no shutdown code runs, nothing is flushed or given back.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM, as an orchestrator stops a container: the service's graceful shutdown runs.</summary>
    public void Terminate()
    {
        if (!_process.HasExited)
        {
            System.Diagnostics.Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>A loopback port nothing listens on (now).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
