using System.ComponentModel;
using System.Diagnostics;
using ReviewBot.Reviews;

namespace ReviewBot.Fixes;

/// <summary>
/// Runs a repository's <c>fix.verify</c> command (<c>/bin/sh -c</c>) in a worktree inside bubblewrap
/// (<see cref="SandboxArguments"/>), with the setting's time limit and a bounded output tail. Before the command, a probe
/// runs in the same sandbox and must not see a file this process just made outside it: when bubblewrap is missing, cannot
/// create its namespaces, or is something else, the outcome is <see cref="VerifyOutcome.Unavailable"/> and the command
/// does not run at all. Nothing here ever starts the command without bubblewrap.
/// </summary>
public sealed partial class VerifySandbox(IOptions<SandboxOptions> options, ILogger<VerifySandbox> logger)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);

    public async Task<VerifyOutcome> RunAsync(string worktree, FixSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Verify is not { } command)
        {
            return new VerifyOutcome.NoCommand();
        }
        worktree = Path.GetFullPath(worktree);
        if (await ProbeAsync(worktree, cancellationToken) is { } reason)
        {
            Log.Unavailable(logger, reason);
            return new VerifyOutcome.Unavailable(reason);
        }
        var timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds);
        var run = await StartAndWaitAsync(worktree, ["/bin/sh", "-c", command], timeout, cancellationToken);
        Log.Finished(logger, run.ExitCode, run.TimedOut, (long)run.Elapsed.TotalMilliseconds);
        return run switch
        {
            { Error: { } error } => new VerifyOutcome.Unavailable(error),
            { TimedOut: true } => new VerifyOutcome.TimedOut(settings.TimeoutSeconds, run.Output),
            { ExitCode: 0 } => new VerifyOutcome.Passed(run.Output, run.Elapsed),
            _ => new VerifyOutcome.Failed(run.ExitCode, run.Output),
        };
    }

    /// <summary>Why no sandbox can be made, or null when one works: bubblewrap starts and hides a file made outside.</summary>
    private async Task<string?> ProbeAsync(string worktree, CancellationToken cancellationToken)
    {
        var marker = Path.Combine(Path.GetTempPath(), $"reviewbot-sandbox-probe-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(marker, "outside", cancellationToken);
        try
        {
            var probe = await StartAndWaitAsync(worktree, ["/bin/sh", "-c", "test ! -e \"$1\"", "probe", marker], ProbeTimeout, cancellationToken);
            return probe switch
            {
                { Error: { } error } => error,
                { ExitCode: 0, TimedOut: false } => null,
                _ => $"bubblewrap ({options.Value.BwrapPath}) could not make a sandbox (exit code {probe.ExitCode}): "
                     + VerifyOutcome.LastLines(probe.Output, 3).Trim(),
            };
        }
        finally
        {
            File.Delete(marker);
        }
    }

    private async Task<SandboxRun> StartAndWaitAsync(string worktree, IReadOnlyList<string> command, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var bwrap = options.Value.BwrapPath;
        var info = new ProcessStartInfo(bwrap)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = worktree,
        };
        foreach (var argument in SandboxArguments.For(worktree, options.Value.ReadOnlyPaths, command))
        {
            info.ArgumentList.Add(argument);
        }
        // Not even bubblewrap itself inherits the service's environment (tokens, keys); inside, --clearenv starts from nothing.
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception("no process");
        }
        catch (Win32Exception ex)
        {
            return new SandboxRun(-1, false, "", TimeSpan.Zero, $"bubblewrap ({bwrap}) could not be started: {ex.Message}");
        }
        using (process)
        {
            return await WaitAsync(process, timeout, cancellationToken);
        }
    }

    private async Task<SandboxRun> WaitAsync(Process process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        process.StandardInput.Close();
        var tail = new OutputTail(options.Value.OutputLimitBytes);
        using var pumping = new CancellationTokenSource();
        var pumps = Task.WhenAll(tail.PumpAsync(process.StandardOutput.BaseStream, pumping.Token),
            tail.PumpAsync(process.StandardError.BaseStream, pumping.Token));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            // bwrap is the parent of the sandbox's pid 1; with --die-with-parent and the tree kill nothing inside survives it.
            Workspace.GitRunner.Kill(process);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
        }
        // A process that escaped the session could hold the pipes open; the output so far is enough.
        await Task.WhenAny(pumps, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
        await pumping.CancelAsync();
        return new SandboxRun(timedOut ? -1 : process.ExitCode, timedOut, tail.ToString(), watch.Elapsed, null);
    }

    private sealed record SandboxRun(int ExitCode, bool TimedOut, string Output, TimeSpan Elapsed, string? Error);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Verify sandbox unavailable, the verify command did not run: {Reason}")]
        public static partial void Unavailable(ILogger logger, string reason);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Verify command exited {ExitCode} (timed out: {TimedOut}) after {ElapsedMs} ms")]
        public static partial void Finished(ILogger logger, int exitCode, bool timedOut, long elapsedMs);
    }
}
