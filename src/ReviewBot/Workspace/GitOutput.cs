using System.Diagnostics;

namespace ReviewBot.Workspace;

/// <summary>A running git command whose standard output is read as it comes; standard error is kept for the error message.</summary>
public sealed class GitOutput : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _error;
    private readonly CancellationTokenSource _stop;
    private readonly CancellationTokenRegistration _kill;

    /// <summary>The reader is read synchronously; cancellation or the git timeout kills git, which ends the read.</summary>
    internal GitOutput(Process process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _process = process;
        _process.StandardInput.Close();
        _error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _stop.CancelAfter(timeout);
        _kill = _stop.Token.Register(() => GitRunner.Kill(_process));
    }

    public TextReader Reader => _process.StandardOutput;

    /// <summary>After reading to the end: throws when git failed, so a truncated diff is never mistaken for a whole one.</summary>
    public async Task EnsureSucceededAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (_stop.IsCancellationRequested)
        {
            throw new TimeoutException("git diff did not finish within the git timeout.");
        }
        if (_process.ExitCode != 0)
        {
            throw new WorkspaceException($"git diff failed: {(await _error).Trim()}");
        }
    }

    public void Dispose()
    {
        _kill.Dispose();
        _stop.Dispose();
        GitRunner.Kill(_process);
        _process.Dispose();
    }
}
