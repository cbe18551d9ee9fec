using System.Diagnostics;
using System.Text;

namespace ReviewBot.Workspace;

/// <summary>The outcome of one git command. A non-zero exit is a value here: callers decide whether it is expected.</summary>
public sealed record GitResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>
/// Runs git with an argument list (never a shell string) and a controlled environment: no terminal prompts, no system or
/// user configuration that could redirect credentials, and the installation token only as an HTTP header passed through
/// <c>GIT_CONFIG_*</c> environment variables, so it is in no URL, no config file, no process list and no log.
/// </summary>
public sealed class GitRunner(IOptions<WorkspaceOptions> options)
{
    private static readonly string[] IdentityVariables =
        ["GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_AUTHOR_DATE", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_COMMITTER_DATE"];

    public TimeSpan Timeout => options.Value.GitTimeout;

    public Task<GitResult> RunAsync(string workingDirectory, IEnumerable<string> arguments, GitCredentials? credentials = null,
        string? standardInput = null, CancellationToken cancellationToken = default) =>
        RunAsync(workingDirectory, arguments, credentials, standardInput, options.Value.GitTimeout, cancellationToken);

    public async Task<GitResult> RunAsync(string workingDirectory, IEnumerable<string> arguments, GitCredentials? credentials,
        string? standardInput, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var process = Start(workingDirectory, arguments, credentials);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeoutSource.Token);
            var error = process.StandardError.ReadToEndAsync(timeoutSource.Token);
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput.AsMemory(), timeoutSource.Token);
            }
            process.StandardInput.Close();
            await process.WaitForExitAsync(timeoutSource.Token);
            return new GitResult(process.ExitCode, await output, Redact(await error, credentials));
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"git {FirstVerb(arguments)} did not finish within {timeout}.");
        }
    }

    /// <summary>Starts git with redirected streams; the caller owns the process (used for streaming diffs and cat-file).</summary>
    public Process Start(string workingDirectory, IEnumerable<string> arguments, GitCredentials? credentials = null)
    {
        var info = new ProcessStartInfo(options.Value.GitPath)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        info.Environment["GIT_ASKPASS"] = "";
        info.Environment["SSH_ASKPASS"] = "";
        info.Environment["LC_ALL"] = "C";
        info.Environment.Remove("GIT_DIR");
        info.Environment.Remove("GIT_WORK_TREE");
        info.Environment.Remove("GIT_INDEX_FILE");
        // A fix commit is the bot's: identities and dates come from its arguments, never from the host's environment.
        foreach (var name in IdentityVariables)
        {
            info.Environment.Remove(name);
        }
        if (credentials is not null)
        {
            info.Environment["GIT_CONFIG_COUNT"] = "1";
            info.Environment["GIT_CONFIG_KEY_0"] = "http.extraHeader";
            info.Environment["GIT_CONFIG_VALUE_0"] = credentials.AuthorizationHeader;
        }
        else
        {
            info.Environment.Remove("GIT_CONFIG_COUNT");
        }
        return Process.Start(info) ?? throw new InvalidOperationException("git could not be started.");
    }

    public static void Kill(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string Redact(string text, GitCredentials? credentials) =>
        credentials is null ? text : credentials.Scrub(text);

    private static string FirstVerb(IEnumerable<string> arguments) =>
        arguments.FirstOrDefault(a => !a.StartsWith('-')) ?? "";
}
