namespace ReviewBot.Workspace;

/// <summary>A name and email for a commit's author or a <c>Co-authored-by</c> trailer.</summary>
public sealed record GitIdentity(string Name, string Email)
{
    /// <summary><c>Name &lt;email&gt;</c> with line breaks and angle brackets removed, so neither part can forge a header or trailer.</summary>
    public string Formatted => $"{Clean(Name)} <{Clean(Email)}>";

    internal static string Clean(string value) =>
        new string((value ?? "").Where(c => !char.IsControl(c) && c is not '<' and not '>').ToArray()).Trim();
}

/// <summary>Why the remote would not take a push.</summary>
public enum PushRefusal
{
    ProtectedBranch,
    PermissionDenied,
    HookDeclined,
}

/// <summary>What became of a fast-forward push: only <see cref="Pushed"/> changed the remote.</summary>
public abstract record PushOutcome
{
    private PushOutcome() { }

    public sealed record Pushed(string Commit) : PushOutcome;

    /// <summary>The branch is no longer at the head the fix started from; nothing was pushed.</summary>
    public sealed record Moved(string RemoteHead) : PushOutcome;

    /// <summary>The branch no longer exists on the remote (the pull request's head was deleted).</summary>
    public sealed record Vanished : PushOutcome;

    /// <summary>The remote said no; <paramref name="Message"/> is its own words, with the token scrubbed.</summary>
    public sealed record Refused(PushRefusal Reason, string Message) : PushOutcome;

    public sealed record Failed(string Reason) : PushOutcome;
}

/// <summary>What became of rebasing a fix commit onto the branch's new head.</summary>
public abstract record RebaseOutcome
{
    private RebaseOutcome() { }

    public sealed record Rebased(string Commit, string Onto) : RebaseOutcome;

    /// <summary>The fix does not apply on the new head; the rebase was aborted and the worktree is back at the fix commit.</summary>
    public sealed record Conflicted(string Onto, IReadOnlyList<string> Files, string Message) : RebaseOutcome;

    public sealed record Failed(string Reason) : RebaseOutcome;
}
