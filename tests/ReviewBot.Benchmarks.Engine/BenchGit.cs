using System.Diagnostics;

namespace ReviewBot.Benchmarks.Engine;

/// <summary>
/// Plain git for the ground truth and the commit rule: kept apart from the engine's own git layer so that the truth does
/// not share its code (or its caps) with what is measured.
/// </summary>
internal static class BenchGit
{
    public static async Task<List<string>> LinesAsync(string gitDir, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--git-dir=" + gitDir);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }
        await process.WaitForExitAsync();
        await stderr;
        // git grep exits 1 for "no match"; anything else is a failure worth seeing.
        if (process.ExitCode > 1)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args.Take(3))} failed: {await stderr}");
        }
        return lines;
    }
}
