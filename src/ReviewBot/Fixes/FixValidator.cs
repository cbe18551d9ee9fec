using ReviewBot.Reviews;
using ReviewBot.Workspace;

namespace ReviewBot.Fixes;

/// <summary>
/// Checks a fix as it stands in its worktree, against the commit the agent started from, before anything is verified or
/// pushed: it changes something, touches only regular files inside the repository (<see cref="WorktreePaths"/>; no new
/// symbolic link, no submodule), leaves the workflows alone unless the repository allows it, and stays within the size
/// limits of <c>fix:</c> in <c>.github/reviewbot.yml</c>. A refusal is a value with its reasons, never an exception.
/// </summary>
public sealed class FixValidator(GitRunner git)
{
    public async Task<FixValidation> ValidateAsync(string worktree, string startCommit, FixSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var untracked = await UntrackedAsync(worktree, cancellationToken);
        var reasons = untracked.Where(p => p.EndsWith('/'))
            .Select(p => $"\"{p.TrimEnd('/')}\" is a nested git repository; fixes change regular files only").ToList();
        if (untracked.Count > 0)
        {
            // Untracked files join the diff against the start commit as intent-to-add entries; their content is not staged.
            await CheckedAsync(worktree, ["--literal-pathspecs", "add", "--intent-to-add", "--pathspec-from-file=-", "--pathspec-file-nul"],
                string.Join('\0', untracked.Where(p => !p.EndsWith('/'))), cancellationToken);
        }
        string[] diff = ["--literal-pathspecs", "-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--no-textconv", "-M"];
        var raw = await CheckedAsync(worktree, [.. diff, "--raw", "-z", startCommit, "--"], null, cancellationToken);
        var numstat = await CheckedAsync(worktree, [.. diff, "--numstat", "-z", startCommit, "--"], null, cancellationToken);
        var changes = WorktreeChange.WithLineCounts(WorktreeChange.ParseRaw(raw), numstat);
        if (changes.Count == 0 && reasons.Count == 0)
        {
            return FixValidation.Refused("the change is empty: the fix changed no file");
        }
        reasons.AddRange(changes.SelectMany(c => PathReasons(worktree, c, settings.AllowWorkflows)));
        reasons.AddRange(SizeReasons(changes, settings));
        var patch = await CheckedAsync(worktree, [.. diff, "-U3", startCommit, "--"], null, cancellationToken);
        var paths = changes.SelectMany(c => c.Paths).Distinct(StringComparer.Ordinal).ToList();
        return new FixValidation(reasons.Count == 0, reasons, patch, paths);
    }

    private static IEnumerable<string> PathReasons(string worktree, WorktreeChange change, bool allowWorkflows)
    {
        if (change.OldMode == WorktreeChange.GitlinkMode || change.NewMode == WorktreeChange.GitlinkMode)
        {
            yield return $"\"{change.Path}\" is a submodule; fixes change regular files only";
            yield break;
        }
        if (change.NewMode == WorktreeChange.SymbolicLinkMode || change.OldMode == WorktreeChange.SymbolicLinkMode)
        {
            yield return $"\"{change.Path}\" is a symbolic link; fixes change regular files only";
            yield break;
        }
        if (change.Binary)
        {
            yield return $"\"{change.Path}\" is binary; fixes change text files only";
        }
        foreach (var path in change.Paths)
        {
            if (WorktreePaths.Refuse(worktree, path, allowWorkflows, out _) is { } reason)
            {
                yield return reason;
            }
        }
    }

    private static IEnumerable<string> SizeReasons(List<WorktreeChange> changes, FixSettings settings)
    {
        if (changes.Count > settings.MaxFiles)
        {
            yield return $"the change touches {changes.Count} files; fix.max_files allows {settings.MaxFiles}";
        }
        var lines = changes.Sum(c => (long)c.AddedLines + c.DeletedLines);
        if (lines > settings.MaxChangedLines)
        {
            yield return $"the change has {lines} changed lines; fix.max_changed_lines allows {settings.MaxChangedLines}";
        }
    }

    /// <summary>Untracked, not ignored paths; a nested repository is listed as a folder with a trailing slash.</summary>
    private async Task<List<string>> UntrackedAsync(string worktree, CancellationToken cancellationToken)
    {
        var status = await CheckedAsync(worktree, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignore-submodules=none"],
            null, cancellationToken);
        var untracked = new List<string>();
        var fields = status.Split('\0');
        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            if (field.StartsWith("?? ", StringComparison.Ordinal))
            {
                untracked.Add(field[3..]);
            }
            else if (field.Length > 3 && (field[0] is 'R' or 'C'))
            {
                i++; // a rename or copy in the index is followed by its original path
            }
        }
        return untracked;
    }

    private async Task<string> CheckedAsync(string worktree, IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(worktree, arguments, standardInput: input, cancellationToken: cancellationToken);
        return result.Succeeded
            ? result.StandardOutput
            : throw new WorkspaceException($"git failed in the worktree: {result.StandardError.Trim()}");
    }
}
