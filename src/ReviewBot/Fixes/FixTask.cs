namespace ReviewBot.Fixes;

/// <summary>
/// What the fix agent is asked to do, and where. The caller checks out the pull request's head into
/// <see cref="Worktree"/> and reads the guidance at the base; the agent changes files there and nothing else.
/// </summary>
/// <param name="Request">The free text of the command (may be empty for a plain "fix this").</param>
/// <param name="Target">The thread's lines and comment, when the command came from a review thread.</param>
/// <param name="Context">The engine's context pack for the target lines, as plain text.</param>
/// <param name="Guidance">The repository's AGENTS.md, read at the base.</param>
public sealed record FixTask(
    string Worktree,
    string HeadSha,
    string Request,
    FixTarget? Target,
    FixIntent Intent,
    string? Context = null,
    string? Guidance = null,
    bool AllowWorkflows = false);

/// <summary>The thread a fix is for: the anchored lines (head side) and the finding's or reviewer's comment.</summary>
public sealed record FixTarget(string Path, int StartLine, int EndLine, string Comment);

/// <summary>What the pull request says it is for.</summary>
public sealed record FixIntent(string Title, string? Body);
