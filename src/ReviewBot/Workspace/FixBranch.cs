using System.Text;

namespace ReviewBot.Workspace;

/// <summary>
/// The git side of a fix: one commit in a worktree of the pull request's head, pushed to the head branch only as a
/// fast-forward of the head the fix started from (never forced), and rebased once when the branch moved meanwhile.
/// Every command runs isolated: no hooks, no signing, no user or system configuration, and the token only as a header.
/// </summary>
public sealed partial class FixBranch(GitRunner git, ILogger<FixBranch> logger)
{
    /// <summary>Commits everything in <paramref name="worktree"/> (added, changed, deleted) and returns the new commit id.</summary>
    public async Task<string> CommitAsync(string worktree, string message, GitIdentity author, IReadOnlyList<GitIdentity> coAuthors,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(author);
        ArgumentNullException.ThrowIfNull(coAuthors);
        await CheckedAsync(worktree, [.. Isolated(author), "add", "--all", "--", "."], null, cancellationToken);
        var staged = await git.RunAsync(worktree, [.. Isolated(author), "diff", "--cached", "--quiet"], cancellationToken: cancellationToken);
        if (staged.Succeeded)
        {
            throw new InvalidOperationException("The worktree has no change to commit.");
        }
        // Verbatim: the default cleanup would drop any line of the message that starts with '#', such as "#12 is fixed".
        await CheckedAsync(worktree, [.. Isolated(author), "commit", "--quiet", "--no-verify", "--cleanup=verbatim", "--file=-"],
            MessageWithTrailers(message, coAuthors), cancellationToken);
        var commit = (await CheckedAsync(worktree, ["rev-parse", "HEAD"], null, cancellationToken)).Trim();
        Log.Committed(logger, commit, coAuthors.Count);
        return commit;
    }

    /// <summary>
    /// What a commit changes, as git's stable patch id: the same after a rebase that changed nothing of the fix, different
    /// when a merge driver (a <c>.gitattributes</c> <c>merge=union</c>, say) made the rebase "succeed" with other lines.
    /// </summary>
    public async Task<string> PatchIdAsync(string worktree, string commit, CancellationToken cancellationToken)
    {
        var patch = await CheckedAsync(worktree, [.. Isolated(null), "show", "--no-ext-diff", "--no-textconv", "--format=", commit], null, cancellationToken);
        var id = await CheckedAsync(worktree, [.. Isolated(null), "patch-id", "--stable"], patch, cancellationToken);
        return id.Split(' ', 2)[0].Trim();
    }

    /// <summary>
    /// The files of <paramref name="commit"/> in a new folder with no <c>.git</c>: what the repository's verify command runs
    /// on. Code under test that could reach a <c>.git</c> could plant config, filters or hooks that the bot's next git call
    /// on the host would obey; a plain export holds nothing git reads, and it is thrown away after the run.
    /// </summary>
    public async Task ExportAsync(string worktree, string commit, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var archive = directory.TrimEnd('/') + ".tar";
        try
        {
            await CheckedAsync(worktree, [.. Isolated(null), "archive", "--format=tar", "-o", archive, commit], null, cancellationToken);
            await System.Formats.Tar.TarFile.ExtractToDirectoryAsync(archive, directory, overwriteFiles: false, cancellationToken);
        }
        finally
        {
            File.Delete(archive);
        }
    }

    /// <summary>The message with LF line ends and one <c>Co-authored-by</c> trailer per distinct co-author, in a final paragraph.</summary>
    public static string MessageWithTrailers(string message, IReadOnlyList<GitIdentity> coAuthors)
    {
        ArgumentNullException.ThrowIfNull(coAuthors);
        var text = new StringBuilder((message ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimEnd());
        if (text.Length == 0)
        {
            text.Append("Fix");
        }
        var trailers = coAuthors
            .Where(c => GitIdentity.Clean(c.Email).Length > 0)
            .Select(c => "Co-authored-by: " + c.Formatted)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (trailers.Count > 0)
        {
            text.Append("\n\n").AppendJoin('\n', trailers);
        }
        return text.Append('\n').ToString();
    }

    /// <summary>
    /// Configuration given on the command line, which outranks the repository's own: a repository's hooks, hooksPath,
    /// fsmonitor, signing or rerere settings never run or apply for the bot.
    /// </summary>
    private static List<string> Isolated(GitIdentity? identity)
    {
        List<string> arguments =
        [
            "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "commit.gpgSign=false",
            "-c", "tag.gpgSign=false", "-c", "push.gpgSign=false", "-c", "rerere.enabled=false",
            "-c", "rebase.autoSquash=false", "-c", "rebase.autoStash=false", "-c", "rebase.updateRefs=false",
            "-c", "core.editor=true", "-c", "sequence.editor=true", "-c", "submodule.recurse=false",
        ];
        if (identity is not null)
        {
            arguments.AddRange(["-c", "user.name=" + GitIdentity.Clean(identity.Name), "-c", "user.email=" + GitIdentity.Clean(identity.Email),
                "-c", "user.useConfigOnly=true"]);
        }
        return arguments;
    }

    private async Task<string> CheckedAsync(string worktree, IReadOnlyList<string> arguments, string? standardInput,
        CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(worktree, arguments, null, standardInput, cancellationToken);
        return result.Succeeded
            ? result.StandardOutput
            : throw new WorkspaceException($"git {arguments.First(a => !a.StartsWith('-') && !a.Contains('=', StringComparison.Ordinal))} failed: {result.StandardError.Trim()}");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 611, Level = LogLevel.Information, Message = "Committed fix {Commit} with {CoAuthorCount} co-author(s)")]
        public static partial void Committed(ILogger logger, string commit, int coAuthorCount);

        [LoggerMessage(EventId = 612, Level = LogLevel.Information, Message = "Push of {Commit} to {Branch}: {Outcome}")]
        public static partial void Pushed(ILogger logger, string commit, string branch, string outcome);

        [LoggerMessage(EventId = 613, Level = LogLevel.Information, Message = "Rebase of the fix onto {Branch}: {Outcome}")]
        public static partial void Rebased(ILogger logger, string branch, string outcome);
    }
}
