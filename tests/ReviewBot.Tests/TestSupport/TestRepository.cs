using System.Diagnostics;

namespace ReviewBot.Tests.TestSupport;

/// <summary>A throwaway git repository with a working tree, built commit by commit; deleted on dispose.</summary>
public sealed class TestRepository : IDisposable
{
    private TestRepository(string path) => Path = path;

    public string Path { get; }

    public Uri FileUrl => new("file://" + Path);

    public static TestRepository Create(string? branch = "main")
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "reviewbot-tests", "repo-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        var repo = new TestRepository(path);
        repo.Git("init", "--quiet", $"--initial-branch={branch}");
        return repo;
    }

    public TestRepository Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    public TestRepository Delete(string relativePath)
    {
        File.Delete(System.IO.Path.Combine(Path, relativePath));
        return this;
    }

    /// <summary>Stages everything and commits; returns the new commit's id.</summary>
    public string Commit(string message)
    {
        Git("add", "-A");
        Git("-c", "user.name=Test Author", "-c", "user.email=author@example.com", "-c", "commit.gpgsign=false",
            "commit", "--quiet", "--allow-empty", "-m", message);
        return Git("rev-parse", "HEAD").Trim();
    }

    public void Checkout(string branch, bool create = false)
    {
        if (create)
        {
            Git("checkout", "--quiet", "-b", branch);
        }
        else
        {
            Git("checkout", "--quiet", branch);
        }
    }

    public string Git(params string[] args) => Run(Path, args);

    /// <summary>Runs git in <paramref name="directory"/> with no system configuration; throws with git's error when it fails.</summary>
    public static string Run(string directory, params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {error}");
        }
        return output.Result;
    }

    public void Dispose()
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind harms nothing.
        }
    }
}
