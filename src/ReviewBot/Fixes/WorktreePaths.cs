namespace ReviewBot.Fixes;

/// <summary>
/// Which paths a fix may touch: regular files inside its worktree. Every tool call of the fix agent and the final
/// validation ask here, so a model cannot reach outside the repository with <c>..</c>, an absolute path, a symlink, or
/// <c>.git/</c>, nor change what runs with the repository's secrets or steers git (everything under <c>.github/</c>:
/// workflows, actions, CODEOWNERS; <c>.gitmodules</c>; <c>.gitattributes</c>) unless the repository allows it.
/// </summary>
public static class WorktreePaths
{
    private const string Automation = ".github/";

    /// <summary>Why <paramref name="relativePath"/> may not be touched, or null when it may (then <paramref name="fullPath"/> is where it is).</summary>
    public static string? Refuse(string worktree, string relativePath, bool allowWorkflows, out string fullPath)
    {
        ArgumentNullException.ThrowIfNull(worktree);
        fullPath = "";
        if (string.IsNullOrWhiteSpace(relativePath))
        {
            return "the path is empty";
        }
        if (relativePath.Contains('\0', StringComparison.Ordinal) || relativePath.Contains('\\', StringComparison.Ordinal))
        {
            return $"\"{relativePath}\" has a NUL or a backslash";
        }
        if (relativePath.StartsWith('/') || Path.IsPathRooted(relativePath))
        {
            return $"\"{relativePath}\" is absolute; paths are relative to the repository root";
        }
        var parts = relativePath.Split('/');
        if (parts.Any(p => p is ".." or "." or ""))
        {
            return $"\"{relativePath}\" has an empty, \".\" or \"..\" segment";
        }
        if (parts.Any(p => p.Equals(".git", StringComparison.OrdinalIgnoreCase)))
        {
            return $"\"{relativePath}\" is inside .git";
        }
        if (!allowWorkflows && ((relativePath + "/").StartsWith(Automation, StringComparison.OrdinalIgnoreCase)
            || parts.Any(p => p.Equals(".gitmodules", StringComparison.OrdinalIgnoreCase) || p.Equals(".gitattributes", StringComparison.OrdinalIgnoreCase))))
        {
            return $"\"{relativePath}\" is a workflow or other repository automation (.github/, .gitmodules, .gitattributes); set fix.allow_workflows in .github/reviewbot.yml to let fixes change them";
        }
        var root = Path.GetFullPath(worktree);
        var full = Path.GetFullPath(Path.Combine(root, relativePath));
        if (!full.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            return $"\"{relativePath}\" is outside the repository";
        }
        // Every existing segment must be a real directory or file, never a link: a link could point anywhere.
        var current = root;
        foreach (var part in parts)
        {
            current = Path.Combine(current, part);
            var info = new FileInfo(current);
            if (info.LinkTarget is not null)
            {
                return $"\"{relativePath}\" goes through a symbolic link";
            }
            if (!info.Exists && !Directory.Exists(current))
            {
                break;
            }
        }
        if (Directory.Exists(full))
        {
            return $"\"{relativePath}\" is a directory";
        }
        fullPath = full;
        return null;
    }
}
