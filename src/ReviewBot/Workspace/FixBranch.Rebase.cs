namespace ReviewBot.Workspace;

public sealed partial class FixBranch
{
    /// <summary>
    /// Fetches the branch's current head and replays the fix commit (the worktree's HEAD, made by <see cref="CommitAsync"/>) onto it, once: no interactive
    /// rebase, no autosquash, no recorded resolutions. A conflict aborts the rebase, leaving the worktree at the fix commit.
    /// The caller validates the rebased commit again before it pushes it.
    /// </summary>
    public async Task<RebaseOutcome> RebaseOnceAsync(string worktree, Uri remoteUrl, GitCredentials? credentials, string branch,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remoteUrl);
        var outcome = await RebaseCheckedAsync(worktree, remoteUrl, credentials, branch, cancellationToken);
        Log.Rebased(logger, branch, outcome.ToString());
        return outcome;
    }

    private async Task<RebaseOutcome> RebaseCheckedAsync(string worktree, Uri remoteUrl, GitCredentials? credentials, string branch,
        CancellationToken cancellationToken)
    {
        if (await UnusableAsync(worktree, remoteUrl, branch, cancellationToken) is { } unusable)
        {
            return new RebaseOutcome.Failed(unusable);
        }
        // HEAD as the only negotiation tip: the mirror names its commits by no ref, and the fix's parent is what we share.
        var fetch = await git.RunAsync(worktree,
            [.. Isolated(null), "fetch", "--quiet", "--no-tags", "--recurse-submodules=no", "--negotiation-tip=HEAD", "--end-of-options",
             remoteUrl.OriginalString, "refs/heads/" + branch],
            credentials, cancellationToken: cancellationToken);
        if (!fetch.Succeeded)
        {
            return new RebaseOutcome.Failed("could not fetch the branch: " + Shorten(fetch.StandardError));
        }
        var onto = (await CheckedAsync(worktree, ["rev-parse", "FETCH_HEAD^{commit}"], null, cancellationToken)).Trim();
        var fix = (await CheckedAsync(worktree, ["rev-parse", "HEAD"], null, cancellationToken)).Trim();
        if ((await git.RunAsync(worktree, ["merge-base", "--is-ancestor", onto, fix], cancellationToken: cancellationToken)).Succeeded)
        {
            return new RebaseOutcome.Rebased(fix, onto);
        }
        var committer = await CommitterAsync(worktree, cancellationToken);
        var rebase = await git.RunAsync(worktree,
            [.. Isolated(committer), "rebase", "--quiet", "--no-autosquash", "--no-autostash", "--no-verify", "--no-update-refs",
             "--empty=drop", "--onto", onto, fix + "^"],
            credentials, cancellationToken: cancellationToken);
        if (!rebase.Succeeded)
        {
            var output = rebase.StandardOutput + "\n" + rebase.StandardError;
            return await AbortAsync(worktree, onto, credentials?.Scrub(output) ?? output, cancellationToken);
        }
        var rebased = (await CheckedAsync(worktree, ["rev-parse", "HEAD"], null, cancellationToken)).Trim();
        return rebased == onto
            ? new RebaseOutcome.Failed("the branch already holds this change; nothing is left to push.")
            : new RebaseOutcome.Rebased(rebased, onto);
    }

    private async Task<RebaseOutcome> AbortAsync(string worktree, string onto, string output, CancellationToken cancellationToken)
    {
        var conflicted = await git.RunAsync(worktree, ["diff", "--name-only", "--diff-filter=U", "-z"], cancellationToken: cancellationToken);
        var files = conflicted.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
        var abort = await git.RunAsync(worktree, [.. Isolated(null), "rebase", "--abort"], cancellationToken: cancellationToken);
        if (!abort.Succeeded)
        {
            throw new WorkspaceException($"git rebase --abort failed: {abort.StandardError.Trim()}");
        }
        return new RebaseOutcome.Conflicted(onto, files, Shorten(output));
    }

    /// <summary>The fix commit's committer, who commits the rebased copy too.</summary>
    private async Task<GitIdentity> CommitterAsync(string worktree, CancellationToken cancellationToken)
    {
        var parts = (await CheckedAsync(worktree, ["log", "-1", "--format=%cn%x00%ce", "HEAD"], null, cancellationToken)).TrimEnd('\n').Split('\0');
        return new GitIdentity(parts[0], parts.Length > 1 ? parts[1] : "");
    }
}
