namespace ReviewBot.Reviews;

/// <summary>
/// The <c>fix:</c> section of <c>.github/reviewbot.yml</c>: how an <c>@agent fix</c> change is checked before it is pushed.
/// Without a verify command the change is only validated (paths and size); it is never pushed unchecked by a sandbox
/// that could not run, which the fix reply says.
/// </summary>
public sealed record FixSettings
{
    public static FixSettings Default { get; } = new();

    /// <summary>Run with <c>/bin/sh -c</c> in the worktree, inside the sandbox; null: no verify step.</summary>
    public string? Verify { get; init; }

    public int TimeoutSeconds { get; init; } = 600;
    public bool AllowWorkflows { get; init; }
    public int MaxChangedLines { get; init; } = 400;
    public int MaxFiles { get; init; } = 10;

    internal static FixSettings From(Section? section, List<string> problems)
    {
        if (section is null)
        {
            return Default;
        }
        var settings = Default with
        {
            Verify = string.IsNullOrWhiteSpace(section.Verify) ? null : section.Verify.Trim(),
            AllowWorkflows = section.AllowWorkflows ?? false,
        };
        if (section.Verify is { } verify && verify.Contains('\0', StringComparison.Ordinal))
        {
            problems.Add("fix.verify must not contain a NUL character.");
            settings = settings with { Verify = null };
        }
        settings = RepositorySettings.Bounded(settings, section.Timeout, 1, 3_600, "fix.timeout", problems, (s, v) => s with { TimeoutSeconds = v });
        settings = RepositorySettings.Bounded(settings, section.MaxChangedLines, 1, 100_000, "fix.max_changed_lines", problems,
            (s, v) => s with { MaxChangedLines = v });
        return RepositorySettings.Bounded(settings, section.MaxFiles, 1, 1_000, "fix.max_files", problems, (s, v) => s with { MaxFiles = v });
    }

    internal sealed class Section
    {
        public string? Verify { get; set; }
        public int? Timeout { get; set; }
        public bool? AllowWorkflows { get; set; }
        public int? MaxChangedLines { get; set; }
        public int? MaxFiles { get; set; }
    }
}
