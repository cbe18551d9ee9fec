using System.Text.RegularExpressions;

namespace ReviewBot.Workspace;

public sealed partial class FixBranch
{
    private const int MaxMessageLength = 2000;

    /// <summary>
    /// Pushes <paramref name="newCommit"/> to <paramref name="branch"/> only when the remote's branch is still at
    /// <paramref name="expectedOldHead"/> and the commit descends from it. A plain push: the remote itself rejects anything
    /// that is not a fast-forward, so a race after the check is <see cref="PushOutcome.Moved"/>, never an overwrite.
    /// </summary>
    public async Task<PushOutcome> PushFastForwardAsync(string worktree, Uri remoteUrl, GitCredentials? credentials, string branch,
        string expectedOldHead, string newCommit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remoteUrl);
        var outcome = await PushCheckedAsync(worktree, remoteUrl, credentials, branch, expectedOldHead, newCommit, cancellationToken);
        Log.Pushed(logger, newCommit, branch, outcome.ToString());
        return outcome;
    }

    /// <summary>The commit <paramref name="branch"/> points at on the remote (null when there is none), or why git could not ask.</summary>
    private async Task<(string? Head, PushOutcome? Problem)> RemoteHeadAsync(string worktree, Uri remoteUrl, GitCredentials? credentials,
        string branch, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(worktree, [.. Isolated(null), "ls-remote", "--heads", "--end-of-options", remoteUrl.OriginalString,
            "refs/heads/" + branch], credentials, cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            return (null, Classify(result.StandardError, credentials));
        }
        var head = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .FirstOrDefault(parts => parts.Length == 2 && parts[1] == "refs/heads/" + branch)?[0];
        return (head, null);
    }

    private async Task<PushOutcome> PushCheckedAsync(string worktree, Uri remoteUrl, GitCredentials? credentials, string branch,
        string expectedOldHead, string newCommit, CancellationToken cancellationToken)
    {
        if (await UnusableAsync(worktree, remoteUrl, branch, cancellationToken) is { } unusable)
        {
            return new PushOutcome.Failed(unusable);
        }
        if (!ObjectId().IsMatch(expectedOldHead ?? "") || !ObjectId().IsMatch(newCommit ?? "")
            || !(await git.RunAsync(worktree, ["merge-base", "--is-ancestor", expectedOldHead!, newCommit!], cancellationToken: cancellationToken)).Succeeded)
        {
            return new PushOutcome.Failed($"{newCommit} is not a fast-forward of {expectedOldHead}; nothing was pushed.");
        }
        var (head, problem) = await RemoteHeadAsync(worktree, remoteUrl, credentials, branch, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        if (head is null)
        {
            return new PushOutcome.Vanished();
        }
        if (!string.Equals(head, expectedOldHead, StringComparison.OrdinalIgnoreCase))
        {
            return new PushOutcome.Moved(head);
        }
        var push = await git.RunAsync(worktree,
            [.. Isolated(null), "push", "--porcelain", "--no-verify", "--no-follow-tags", "--recurse-submodules=no", "--end-of-options",
             remoteUrl.OriginalString, $"{newCommit}:refs/heads/{branch}"],
            credentials, cancellationToken: cancellationToken);
        if (push.Succeeded)
        {
            return new PushOutcome.Pushed(newCommit!);
        }
        if (push.StandardOutput.Contains("[rejected]", StringComparison.Ordinal))
        {
            // The branch moved between the check and the push; say where it is now.
            var (now, _) = await RemoteHeadAsync(worktree, remoteUrl, credentials, branch, cancellationToken);
            return now is null ? new PushOutcome.Vanished() : new PushOutcome.Moved(now);
        }
        return Classify(push.StandardOutput + "\n" + push.StandardError, credentials);
    }

    /// <summary>Refusals (protection, permission, a hook) from git's and the remote's words; anything else failed.</summary>
    private static PushOutcome Classify(string output, GitCredentials? credentials)
    {
        var text = Shorten(credentials is null ? output : credentials.Scrub(output));
        if (text.Contains("protected branch", StringComparison.OrdinalIgnoreCase) || text.Contains("GH006", StringComparison.Ordinal))
        {
            return new PushOutcome.Refused(PushRefusal.ProtectedBranch, "The branch is protected; the remote said:\n" + text);
        }
        if (text.Contains("error: 401", StringComparison.Ordinal) || text.Contains("error: 403", StringComparison.Ordinal)
            || text.Contains("Authentication failed", StringComparison.OrdinalIgnoreCase)
            || text.Contains("could not read Username", StringComparison.OrdinalIgnoreCase)
            || text.Contains("Permission to", StringComparison.Ordinal) || text.Contains("permission denied", StringComparison.OrdinalIgnoreCase))
        {
            return new PushOutcome.Refused(PushRefusal.PermissionDenied,
                "The remote refused the bot's credentials or its permission to push; it said:\n" + text);
        }
        if (text.Contains("[remote rejected]", StringComparison.Ordinal) || text.Contains("hook declined", StringComparison.OrdinalIgnoreCase))
        {
            return new PushOutcome.Refused(PushRefusal.HookDeclined, "A hook on the remote declined the push; it said:\n" + text);
        }
        return new PushOutcome.Failed(text.Length == 0 ? "git failed without a message." : text);
    }

    /// <summary>Why the URL or branch cannot be used: a URL with user information would carry a secret in it.</summary>
    private async Task<string?> UnusableAsync(string worktree, Uri remoteUrl, string branch, CancellationToken cancellationToken)
    {
        if (!remoteUrl.IsAbsoluteUri || !string.IsNullOrEmpty(remoteUrl.UserInfo))
        {
            return "the remote URL must be absolute and carry no user information (the token travels as a header).";
        }
        var valid = !string.IsNullOrWhiteSpace(branch) && !branch.StartsWith('-')
            && (await git.RunAsync(worktree, ["check-ref-format", "refs/heads/" + branch], cancellationToken: cancellationToken)).Succeeded;
        return valid ? null : $"'{branch}' is not a branch name git accepts.";
    }

    private static string Shorten(string text)
    {
        var trimmed = string.Join('\n', text.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0));
        return trimmed.Length <= MaxMessageLength ? trimmed : trimmed[..MaxMessageLength] + "…";
    }

    [GeneratedRegex("^[0-9a-fA-F]{40}([0-9a-fA-F]{24})?$")]
    private static partial Regex ObjectId();
}
