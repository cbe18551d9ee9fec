using System.Diagnostics;

namespace ReviewBot.Tests.Evaluation.Reports;

/// <summary>
/// Debian's Chromium, headless, on a page from disk, with a profile of its own that the run deletes; --no-sandbox
/// because the suite runs as root. Its log goes to stderr, where the page's console (a refused style, a blocked load)
/// shows.
/// </summary>
internal sealed class HeadlessChromium : IDisposable
{
    private readonly string _profile = Directory.CreateTempSubdirectory("reviewbot-chromium-").FullName;

    public static bool IsInstalled => (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Any(folder => File.Exists(Path.Combine(folder, "chromium")));

    /// <summary>Under CI=true a missing browser fails the test (a skipped check proves nothing); elsewhere it is skipped.</summary>
    public static void Require()
    {
        if (IsInstalled)
        {
            return;
        }
        const string Missing = "chromium is not installed (apt-get install -y chromium)";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(Missing);
        }
        Assert.Ignore(Missing);
    }

    public Task<(int Exit, string Output, string Log)> ScreenshotAsync(string page, string png, int width, int height) =>
        RunAsync($"--window-size={width},{height}", $"--screenshot={png}", new Uri(page).AbsoluteUri);

    public Task<(int Exit, string Output, string Log)> DumpDomAsync(string page) => RunAsync("--dump-dom", new Uri(page).AbsoluteUri);

    public void Dispose() => Directory.Delete(_profile, recursive: true);

    private async Task<(int Exit, string Output, string Log)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("chromium",
            ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--enable-logging=stderr", "--v=0", $"--user-data-dir={_profile}", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var log = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await log);
    }
}
