namespace ReviewBot.Fixes;

/// <summary>
/// apply_patch: every path the diff names is checked before git sees it, and git itself checks that it applies (and
/// refuses paths beyond a symbolic link). Binary patches and modes that make links or submodules are refused here.
/// </summary>
public sealed partial class FixTools
{
    private async Task<FixToolResult> PatchAsync(ToolArguments arguments, CancellationToken cancellationToken)
    {
        var diff = arguments.Text("diff", out var error);
        if (diff is null)
        {
            return FixToolResult.BadCall(error!);
        }
        diff = diff.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!diff.EndsWith('\n'))
        {
            diff += "\n";
        }
        var paths = PatchPaths.Read(diff, out var problem);
        if (problem is not null)
        {
            return FixToolResult.Failed(problem);
        }
        foreach (var path in paths.Names)
        {
            if (WorktreePaths.Refuse(task.Worktree, path, task.AllowWorkflows, out _) is { } refusal)
            {
                return FixToolResult.Failed(refusal);
            }
        }
        string[] apply = ["apply", paths.Prefixed ? "-p1" : "-p0", "--recount", "--whitespace=nowarn"];
        var check = await git.RunAsync(task.Worktree, [.. apply, "--check", "-"], standardInput: diff, cancellationToken: cancellationToken);
        if (!check.Succeeded)
        {
            return FixToolResult.Failed($"the patch does not apply, nothing was changed: {Trim(check.StandardError.Trim(), 1_000)}");
        }
        var applied = await git.RunAsync(task.Worktree, [.. apply, "-"], standardInput: diff, cancellationToken: cancellationToken);
        return applied.Succeeded
            ? FixToolResult.Changed($"Applied the patch to {string.Join(", ", paths.Names)}.")
            : FixToolResult.Failed($"git apply failed: {Trim(applied.StandardError.Trim(), 1_000)}");
    }
}
