using System.Diagnostics;
using System.Text;

namespace ReviewBot.Tests.Diff;

/// <summary>Running git: output as bytes, never through a shell, unaffected by the caller's GIT_DIR or language.</summary>
public sealed partial class DiffPropertyChecker
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Runs <c>git -C repository args</c> and returns its standard output; throws with its error output when it fails.</summary>
    public static byte[] GitBytes(string repository, params string[] args)
    {
        using var git = StartGit(repository, args);
        var errors = git.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        git.StandardOutput.BaseStream.CopyTo(output);
        git.WaitForExit();
        ThrowIfFailed(git, errors.GetAwaiter().GetResult(), args);
        return output.ToArray();
    }

    /// <summary>Like <see cref="GitBytes"/>, decoded as UTF-8.</summary>
    public static string Git(string repository, params string[] args) => Utf8.GetString(GitBytes(repository, args));

    /// <summary>Starts git with every stream redirected; the caller reads standard output and error.</summary>
    internal static Process StartGit(string repository, IEnumerable<string> args, bool redirectInput = false)
    {
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            StandardInputEncoding = redirectInput ? Utf8 : null,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-C");
        info.ArgumentList.Add(repository);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // A test run from a git hook inherits these, and they would point git at another repository.
        foreach (var name in new[] { "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR" })
        {
            info.Environment.Remove(name);
        }

        info.Environment["LC_ALL"] = "C";
        return Process.Start(info) ?? throw new InvalidOperationException("git did not start");
    }

    private static void ThrowIfFailed(Process git, string errors, IEnumerable<string> args)
    {
        if (git.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} exited with {git.ExitCode}: {errors.Trim()}");
        }
    }
}
