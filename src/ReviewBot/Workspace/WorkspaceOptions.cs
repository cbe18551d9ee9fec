using System.ComponentModel.DataAnnotations;

namespace ReviewBot.Workspace;

/// <summary>Where the git mirrors live and how much disk they may take, bound from the <c>Workspace</c> section.</summary>
public sealed class WorkspaceOptions
{
    public const string Section = "Workspace";

    /// <summary>The folder holding one mirror per repository. Default: <c>reviewbot/workspaces</c> under the temp folder.</summary>
    public string? Root { get; set; }

    /// <summary>When the mirrors together exceed this, the least recently used ones are deleted.</summary>
    [Range(1, long.MaxValue)]
    public long DiskBudgetMegabytes { get; set; } = 20_480;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan GitTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public string GitPath { get; set; } = "git";

    public string ResolvedRoot => string.IsNullOrWhiteSpace(Root)
        ? Path.Combine(Path.GetTempPath(), "reviewbot", "workspaces")
        : Path.GetFullPath(Root);
}
