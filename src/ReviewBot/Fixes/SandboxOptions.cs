using System.ComponentModel.DataAnnotations;

namespace ReviewBot.Fixes;

/// <summary>The verify sandbox (bubblewrap), bound from <c>Fixes:Sandbox</c>.</summary>
public sealed class SandboxOptions
{
    public const string Section = "Fixes:Sandbox";

    /// <summary>The bubblewrap executable; when it is missing or cannot create its namespaces, verify commands do not run.</summary>
    [Required]
    public string BwrapPath { get; set; } = "bwrap";

    /// <summary>Output kept of a verify command: its last bytes, for the reply's last lines.</summary>
    [Range(1_024, 16 * 1024 * 1024)]
    public int OutputLimitBytes { get; set; } = 64 * 1024;

    /// <summary>More absolute paths the verify command may read (toolchains outside <c>/usr</c>); missing ones are left out.</summary>
    public List<string> ReadOnlyPaths { get; set; } = [];
}
