namespace ReviewBot.Fixes;

/// <summary>
/// The bubblewrap command line of the verify sandbox: every namespace unshared (no network, only an isolated loopback),
/// no capabilities, the system and the toolchains read-only, a private <c>/tmp</c> (also <c>HOME</c>), the worktree the
/// only other writable place, the root read-only, and an environment that starts empty.
/// </summary>
public static class SandboxArguments
{
    private const string SystemPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static readonly string[] SystemPaths = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc"];

    /// <summary>
    /// .NET SDKs outside <c>/usr</c>: only folders that hold the <c>dotnet</c> host, since <c>~/.dotnet</c> without an SDK
    /// holds the user's certificate stores and tools instead.
    /// </summary>
    public static IEnumerable<string> DotnetRoots()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string?[] candidates =
        [
            Environment.GetEnvironmentVariable("DOTNET_ROOT"), "/opt/dotnet",
            string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".dotnet"),
        ];
        return candidates.OfType<string>()
            .Where(p => Path.IsPathFullyQualified(p) && File.Exists(Path.Combine(p, "dotnet")))
            .Distinct(StringComparer.Ordinal);
    }

    public static List<string> For(string worktree, IEnumerable<string> extraReadOnlyPaths, IReadOnlyList<string> command)
    {
        List<string> arguments =
        [
            "--unshare-all", "--unshare-user", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
        ];
        var bound = new List<string>();
        var dotnetRoots = DotnetRoots().ToList();
        string?[] toolchains = [.. dotnetRoots, NuGetPackages()];
        foreach (var path in SystemPaths.Concat(toolchains.OfType<string>()).Concat(extraReadOnlyPaths))
        {
            var full = Path.GetFullPath(path).TrimEnd('/');
            if (full.Length == 0 || bound.Any(b => full == b || full.StartsWith(b + "/", StringComparison.Ordinal)))
            {
                continue;
            }
            var info = new FileInfo(full);
            if (info.LinkTarget is { } target && full.Count(c => c == '/') == 1)
            {
                arguments.AddRange(["--symlink", target, full]);  // /bin -> usr/bin on a merged /usr
            }
            else if (info.Exists || Directory.Exists(full))
            {
                arguments.AddRange(["--ro-bind", full, full]);
            }
            else
            {
                continue;
            }
            bound.Add(full);
        }
        arguments.AddRange(["--tmpfs", "/tmp", "--bind", worktree, worktree, "--proc", "/proc", "--dev", "/dev", "--remount-ro", "/"]);
        arguments.AddRange(["--chdir", worktree, "--clearenv", "--setenv", "PATH", string.Join(':', dotnetRoots.Append(SystemPath)),
            "--setenv", "HOME", "/tmp", "--setenv", "LANG", "C.UTF-8", "--setenv", "DOTNET_CLI_TELEMETRY_OPTOUT", "1", "--setenv", "DOTNET_NOLOGO", "1"]);
        if (NuGetPackages() is { } packages && Directory.Exists(packages))
        {
            // HOME is private, so restore would look for packages in an empty folder and want the network it does not have.
            arguments.AddRange(["--setenv", "NUGET_PACKAGES", packages]);
        }
        // NuGet's vulnerability audit needs the network; offline it warns (NU1900), which fails any warnings-as-errors build.
        arguments.AddRange(["--setenv", "NuGetAudit", "false"]);
        arguments.Add("--");
        arguments.AddRange(command);
        return arguments;
    }

    private static string? NuGetPackages()
    {
        var configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".nuget", "packages");
    }
}
