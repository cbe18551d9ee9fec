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

    public string StandardError => _process.HasExited ? _process.StandardError.ReadToEnd() : "";

    /// <summary>What the service wrote to standard output so far (its console log).</summary>
    public string StandardOutput => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    public static ServiceProcess Start(IDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var url = new Uri($"http://127.0.0.1:{FreePort()}/");
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ReviewBot.dll"), "--urls", url.ToString()])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        var service = new ServiceProcess(process, url);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                service._output.Enqueue(text);
            }
        };
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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
