using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace ReviewBot.Context.Symbols.Ctags;

/// <summary>
/// One ctags process in interactive mode: for each file a <c>generate-tags</c> request giving its size, then its bytes,
/// on standard input; its tags then <c>{"_type": "completed"}</c> on standard output. Nothing touches the disk, so
/// file names in the requests are only there for ctags to pick a parser by extension.
/// </summary>
internal static class CtagsSession
{
    // --options=NONE: no ~/.ctags.d or ./.ctags.d settings change what we parse. The fileScope extra stays on: turning it
    // off drops private members. Anonymous functions (callbacks) get made-up names and are no use to anyone.
    private static readonly string[] Arguments =
        ["--options=NONE", "--_interactive=default", "--output-format=json", "--fields=+neKZ", "--fields=-P", "--extras=-{anonymous}"];

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly byte[] NewLine = [(byte)'\n'];

    /// <summary>Runs ctags over <paramref name="files"/>; a failure or a timeout is a value, the caller's cancellation an exception.</summary>
    public static async Task<CtagsRun> RunAsync(string ctagsPath, IReadOnlyList<SourceFile> files, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = StartInfo(ctagsPath, Arguments) };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return CtagsRun.Failed($"could not start {ctagsPath}: {ex.Message}");
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var errors = TailAsync(process.StandardError);
        var writing = WriteAsync(process, files, limit.Token);
        try
        {
            using var kill = limit.Token.Register(() => Kill(process));
            var run = await CtagsOutput.ReadAsync(process.StandardOutput, files.Count, limit.Token);
            if (run.Failure is not null)
            {
                // ctags may still be waiting for input; stop it so that the writer and the stderr reader end.
                Kill(process);
                await process.WaitForExitAsync(CancellationToken.None);
                return run with { Failure = $"{run.Failure} (exit code {process.ExitCode}; {await errors})" };
            }

            await process.WaitForExitAsync(limit.Token);
            return run;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return CtagsRun.Failed($"no answer within {timeout.TotalSeconds:F0} s");
        }
        finally
        {
            // Both tasks end once the process has gone; the process must outlive them, it owns their streams.
            Kill(process);
            await writing;
            await errors;
        }
    }

    internal static ProcessStartInfo StartInfo(string ctagsPath, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(ctagsPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    /// <summary>Writes every request and closes standard input; a ctags that has gone away is the reader's to report.</summary>
    private static async Task WriteAsync(Process process, IReadOnlyList<SourceFile> files, CancellationToken cancellationToken)
    {
        try
        {
            var input = process.StandardInput.BaseStream;
            for (var i = 0; i < files.Count; i++)
            {
                var content = Utf8.GetBytes(files[i].Text);
                var request = new CtagsRequest("generate-tags", RequestName(i, files[i].Language), content.Length);
                var header = JsonSerializer.SerializeToUtf8Bytes(request, CtagsJsonContext.Default.CtagsRequest);
                await input.WriteAsync(header, cancellationToken);
                await input.WriteAsync(NewLine, cancellationToken);
                await input.WriteAsync(content, cancellationToken);
            }

            await input.FlushAsync(cancellationToken);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Broken pipe: ctags exited early.
        }
        catch (OperationCanceledException)
        {
            // The process is being killed; the reader reports the timeout or the caller's cancellation.
        }
    }

    /// <summary>The name ctags sees: the extension picks the parser, so it is the language's canonical one (.tsx parses as TypeScript).</summary>
    private static string RequestName(int index, SourceLanguage language) => language switch
    {
        SourceLanguage.Python => $"{index}.py",
        SourceLanguage.TypeScript => $"{index}.ts",
        SourceLanguage.JavaScript => $"{index}.js",
        SourceLanguage.Go => $"{index}.go",
        SourceLanguage.Java => $"{index}.java",
        SourceLanguage.Rust => $"{index}.rs",
        SourceLanguage.CSharp => $"{index}.cs",
        _ => $"{index}.txt",
    };

    /// <summary>The last part of standard error, read to the end so ctags never blocks on a full pipe.</summary>
    private static async Task<string> TailAsync(StreamReader reader)
    {
        const int keep = 2_000;
        var tail = new StringBuilder();
        var buffer = new char[4_096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            tail.Append(buffer, 0, read);
            if (tail.Length > keep * 2)
            {
                tail.Remove(0, tail.Length - keep);
            }
        }

        var text = tail.ToString().Replace("ctags: Notice: No options will be read from files or environment", "", StringComparison.Ordinal).Trim();
        return text.Length == 0 ? "nothing on stderr" : text[Math.Max(0, text.Length - keep)..];
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited in the meantime.
        }
    }
}
