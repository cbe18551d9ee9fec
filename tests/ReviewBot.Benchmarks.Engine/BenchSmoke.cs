using System.Diagnostics;

namespace ReviewBot.Benchmarks.Engine;

/// <summary>
/// <c>context-bench --smoke</c>: the ground truth on a tiny generated repository whose answer is known, so a broken
/// pattern shows before a long run: a called helper (and a same-named local that is no declaration), a changed signature
/// with one caller elsewhere and one in its own file, a test that names it, names declared four times (ambiguous: in four files, and four times in one Python file).
/// </summary>
internal static class BenchSmoke
{
    public static async Task<int> RunAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "context-bench-smoke-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            Git(dir, "init", "-q", "-b", "main");
            Write(dir, "lib/util.py", "def helper(a):\n    return a\n\nclass Box:\n    pass\n");
            foreach (var module in new[] { "a", "b", "c", "d" })
            {
                Write(dir, $"lib/{module}.py", "def run():\n    pass\n"); // four declarations: ambiguous
            }
            Write(dir, "lib/overloads.py", "def box_up():\n    pass\n\n\ndef box_up(x):\n    pass\n\n\ndef box_up(x, y):\n    pass\n\n\ndef box_up(x, y, z):\n    pass\n");
            Write(dir, "app.py", "def process(x):\n    return x\n\n\ndef own():\n    return process(1)\n");
            Write(dir, "other.py", "from app import process\n\nprocess(2)\n");
            Write(dir, "tests/test_app.py", "from app import process\n\ndef test_it():\n    assert process(3)\n");
            Commit(dir, "base");
            Write(dir, "app.py", "from lib.util import helper, Box\n\n\ndef process(x, y=0):\n    helper = 1\n    return helper(x) + y + Box() + run() + box_up() + print(\"nope(\")\n\n\ndef own():\n    return process(1)\n");
            Commit(dir, "fix process");
            var head = Git(dir, "rev-parse", "HEAD").Trim();
            using var host = ReviewBot.Tests.TestSupport.EngineHost.Create();
            var engineGit = host.Services.GetRequiredService<ReviewBot.Workspace.GitRunner>();
            using var repository = (await ReviewBot.Workspace.GitRepository.OpenLocalAsync(engineGit, dir, CancellationToken.None))!;
            var change = await ReviewBot.Reviews.PullRequestSnapshots.LoadChangeAsync(repository, head + "^", head, CancellationToken.None);
            var truth = await GroundTruth.BuildAsync(Path.Combine(dir, ".git"), change);

            var failures = new List<string>();
            Expect(failures, "definitions", string.Join(",", truth.Definitions.Keys.Order(StringComparer.Ordinal)), "Box,helper");
            Expect(failures, "ambiguous", truth.AmbiguousNames.ToString(System.Globalization.CultureInfo.InvariantCulture), "2");
            Expect(failures, "callers", string.Join(",", truth.Callers.Keys.Select(k => $"{k.Name}@{k.Path}")), "process@other.py");
            Expect(failures, "tests", string.Join(",", truth.Tests), "tests/test_app.py");
            Console.WriteLine(failures.Count == 0 ? "smoke: ground truth as expected" : "smoke FAILED: " + string.Join("; ", failures));
            return failures.Count == 0 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Expect(List<string> failures, string what, string actual, string expected)
    {
        if (actual != expected)
        {
            failures.Add($"{what}: expected {expected}, got {actual}");
        }
    }

    private static void Write(string dir, string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, path))!);
        File.WriteAllText(Path.Combine(dir, path), text);
    }

    private static void Commit(string dir, string message)
    {
        Git(dir, "add", "-A");
        Git(dir, "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "commit", "-q", "-m", message);
    }

    private static string Git(string dir, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = dir };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"git {args[0]} failed");
    }
}
