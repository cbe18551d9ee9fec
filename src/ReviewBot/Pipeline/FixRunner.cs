using Octokit;
using ReviewBot.Context;
using ReviewBot.Fixes;
using ReviewBot.GitHub;
using ReviewBot.Jobs;
using ReviewBot.Publishing;
using ReviewBot.Reviews;
using ReviewBot.Workspace;
using ReviewBot.Telemetry;

namespace ReviewBot.Pipeline;

/// <summary>
/// <c>@agent fix</c>, top to bottom: the thread's lines, a worktree of the head the fix starts from, the agent, validation,
/// one commit, the repository's verify command in the sandbox, then a fast-forward push to the pull request's own branch
/// (rebased once if the branch moved, and checked again). When the fix cannot be pushed or did not pass, the author gets
/// the patch instead, as a suggestion or a collapsed diff. Never a force push, never a push of what failed.
/// </summary>
public sealed partial class FixRunner(
    PullRequestMaterial material,
    FixAgent agent,
    FixValidator validator,
    VerifySandbox sandbox,
    FixBranch branch,
    IOptions<WorkspaceOptions> workspace,
    ILogger<FixRunner> logger)
{
    private const int ContextBudget = 6_000;

    /// <param name="target">The thread's lines, for a command in a review thread (null there when they cannot be found).</param>
    public async Task<string> FixAsync(GitHubAccess access, AgentRequest request, PullRequest pull, ThreadTarget? target, ReplyEditor reply,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(pull);
        ArgumentNullException.ThrowIfNull(reply);
        if (request.InReviewThread && target is not { OnBase: false })
        {
            return Ended("unmapped-thread", "Nothing pushed: I cannot map this thread to lines of the pull request's head (its comment is outdated, or on removed lines). Say what to fix in the conversation instead.");
        }
        using var opened = await material.OpenAsync(access, pull, cancellationToken);
        var fixes = Path.Combine(workspace.Value.ResolvedRoot, "fixes");
        SweepStale(fixes);
        var worktree = Path.Combine(fixes, Guid.NewGuid().ToString("N"));
        try
        {
            await opened.Repository.AddWorktreeAsync(worktree, pull.Head.Sha, cancellationToken);
            var fix = new FixAttempt(access, request, pull, reply, target, opened.Snapshot.Settings.Fix, worktree);
            return await FixInAsync(fix, opened, cancellationToken);
        }
        catch (Exception ex)
        {
            Metrics.Fixed(ex is OperationCanceledException ? "cancelled" : "failed");
            throw;
        }
        finally
        {
            await RemoveAsync(opened, worktree);
        }
    }

    private static async Task RemoveAsync(OpenedPullRequest opened, string worktree)
    {
        try
        {
            await opened.Repository.RemoveWorktreeAsync(worktree, CancellationToken.None);
        }
        catch (WorkspaceException)
        {
            // git would not remove it; the folder goes anyway, and git forgets it at its next prune.
        }
        TryDelete(worktree);
    }

    /// <summary>Worktrees a crash left behind (older than a day) are deleted before a new one is made.</summary>
    private static void SweepStale(string fixes)
    {
        if (!Directory.Exists(fixes))
        {
            return;
        }
        foreach (var stale in new DirectoryInfo(fixes).EnumerateDirectories().Where(d => d.LastWriteTimeUtc < DateTime.UtcNow.AddDays(-1)))
        {
            TryDelete(stale.FullName);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next sweep.
        }
    }

    private async Task<string> FixInAsync(FixAttempt fix, OpenedPullRequest opened, CancellationToken cancellationToken)
    {
        var (guidance, related) = await material.ContextAsync(opened, fix.Target is null ? null : [fix.Target.Path], ContextBudget, cancellationToken);
        await fix.SayAsync($"reading the code and editing{(fix.Target is null ? "" : $" `{fix.Target.Path}`")}");
        var outcome = await agent.RunAsync(Task(fix, Text(related), Text(guidance)), cancellationToken);
        Log.AgentEnded(logger, fix.Request.Owner, fix.Request.Repository, fix.Request.Number, outcome.Finished, outcome.Steps, outcome.Usage.Total, outcome.Elapsed.TotalMilliseconds);
        if (!outcome.Finished)
        {
            return Ended("agent-stopped", $"Nothing pushed: {fix.Reply.Defang.Line(outcome.Reason ?? "the fix did not finish", 1_000)}");
        }
        var validation = await validator.ValidateAsync(fix.Worktree, fix.Pull.Head.Sha, fix.Settings, cancellationToken);
        if (!validation.Ok)
        {
            return Ended("refused", $"Nothing pushed: the change was refused: {Reasons(fix, validation)}.");
        }
        var summary = fix.Reply.Defang.Text(outcome.Summary, 2_000);
        var patch = FixPatchText.Present(validation.Diff, fix.Target, path => ReadNew(fix.Worktree, path));
        if (!CanPush(fix.Pull))
        {
            // Nothing will be pushed, so the contributor's code is not run either.
            return Ended("fork-not-editable", NotPushed(fix, summary, "the branch is in a fork that does not allow edits by maintainers", patch, null));
        }
        var commit = await branch.CommitAsync(fix.Worktree, FixCommit.Message(fix.Request, fix.Target, outcome.Summary),
            await FixCommit.BotAsync(fix.Access, cancellationToken), [FixCommit.Requester(fix.Request)], cancellationToken);
        var verified = await VerifyAsync(fix, cancellationToken);
        if (verified is VerifyOutcome.Failed or VerifyOutcome.TimedOut)
        {
            return Ended("verify-failed", NotPushed(fix, summary, $"the verify command {Code(fix.Settings.Verify!)} {Failure(verified)}", patch, verified));
        }
        if (verified is VerifyOutcome.Unavailable unavailable)
        {
            // The repository asked for a verify command, and it never runs outside a sandbox: an unverified fix is not pushed.
            return Ended("no-sandbox", NotPushed(fix, summary, $"the repository's verify command could not run: no sandbox is available here ({fix.Reply.Defang.Line(unavailable.Reason, 300)})", patch, null));
        }
        if (await StillOpenAsync(fix) is { } closed)
        {
            return Ended("closed", NotPushed(fix, summary, closed, patch, null));
        }
        var pushed = await PushAsync(fix, commit, cancellationToken);
        return pushed.Outcome is PushOutcome.Pushed done
            ? Ended("pushed", Pushed(fix, done.Commit, summary, pushed.Verified ?? verified))
            : Ended("push-failed", NotPushed(fix, summary, pushed.Why!, patch, pushed.Verified));
    }

    /// <summary>The reply, with the attempt counted by its outcome (one of a few words).</summary>
    private static string Ended(string outcome, string reply)
    {
        Metrics.Fixed(outcome);
        return reply;
    }

    private static FixTask Task(FixAttempt fix, string context, string guidance) => new(fix.Worktree, fix.Pull.Head.Sha, fix.Request.Text,
        fix.Target is { } t ? new FixTarget(t.Path, t.StartLine, t.EndLine, t.Comment) : null,
        new FixIntent(fix.Pull.Title ?? "", fix.Pull.Body), context.Length == 0 ? null : context, guidance.Length == 0 ? null : guidance,
        fix.Settings.AllowWorkflows);

    private async Task<VerifyOutcome> VerifyAsync(FixAttempt fix, CancellationToken cancellationToken)
    {
        if (fix.Settings.Verify is { Length: > 0 } command)
        {
            await fix.SayAsync($"verifying with {Code(command)} in a sandbox");
        }
        // On a copy without .git, thrown away after: the worktree the bot pushes from is never in the sandbox's reach.
        var export = fix.Worktree + "-verify";
        try
        {
            await branch.ExportAsync(fix.Worktree, "HEAD", export, cancellationToken);
            return await sandbox.RunAsync(export, fix.Settings, cancellationToken);
        }
        finally
        {
            TryDelete(export);
        }
    }

    /// <summary>A plain push; when the branch moved, one rebase onto it, the checks again, and one more push.</summary>
    private async Task<(PushOutcome Outcome, string? Why, VerifyOutcome? Verified)> PushAsync(FixAttempt fix, string commit, CancellationToken cancellationToken)
    {
        await fix.SayAsync($"pushing to {Code(fix.Pull.Head.Ref)}");
        var remote = new Uri(fix.Pull.Head.Repository.CloneUrl);
        var credentials = new GitCredentials(await fix.Access.TokenAsync(cancellationToken));
        var pushed = await branch.PushFastForwardAsync(fix.Worktree, remote, credentials, fix.Pull.Head.Ref, fix.Pull.Head.Sha, commit, cancellationToken);
        if (pushed is not PushOutcome.Moved)
        {
            return (pushed, Why(pushed), null);
        }
        var rebased = await branch.RebaseOnceAsync(fix.Worktree, remote, credentials, fix.Pull.Head.Ref, cancellationToken);
        if (rebased is not RebaseOutcome.Rebased(var rebasedCommit, var newHead))
        {
            return (pushed, $"the branch moved while I worked, and the fix does not rebase onto it ({Why(rebased)})", null);
        }
        if (await branch.PatchIdAsync(fix.Worktree, rebasedCommit, cancellationToken) != await branch.PatchIdAsync(fix.Worktree, commit, cancellationToken))
        {
            return (pushed, "the branch moved while I worked, and rebased onto it the change is no longer the one that was checked", null);
        }
        var validation = await validator.ValidateAsync(fix.Worktree, newHead, fix.Settings, cancellationToken);
        if (!validation.Ok)
        {
            return (pushed, $"the branch moved while I worked, and rebased onto it the change was refused: {Reasons(fix, validation)}", null);
        }
        var verified = await VerifyAsync(fix, cancellationToken);
        if (verified is VerifyOutcome.Failed or VerifyOutcome.TimedOut)
        {
            return (pushed, $"the branch moved while I worked, and rebased onto it the verify command {Code(fix.Settings.Verify!)} {Failure(verified)}", verified);
        }
        var second = await branch.PushFastForwardAsync(fix.Worktree, remote, credentials, fix.Pull.Head.Ref, newHead, rebasedCommit, cancellationToken);
        return (second, second is PushOutcome.Moved ? "the branch moved again while I worked; ask again when it is quiet" : Why(second), verified);
    }

    /// <summary>Why not to push after all: the pull request closed, merged or changed branch while the fix was made.</summary>
    private static async Task<string?> StillOpenAsync(FixAttempt fix)
    {
        var now = await fix.Access.Client.PullRequest.Get(fix.Request.Owner, fix.Request.Repository, fix.Request.Number);
        return now.State.Value != ItemState.Open ? $"the pull request was {(now.Merged ? "merged" : "closed")} while I worked"
            : now.Head.Ref != fix.Pull.Head.Ref || now.Head.Repository?.FullName != fix.Pull.Head.Repository?.FullName ? "the pull request's branch changed while I worked"
            : null;
    }

    /// <summary>The same repository, or a fork whose author allows edits by maintainers (GitHub then takes the App's push).</summary>
    private static bool CanPush(PullRequest pull) =>
        string.Equals(pull.Head.Repository?.FullName, pull.Base.Repository?.FullName, StringComparison.OrdinalIgnoreCase) || pull.MaintainerCanModify == true;

    private static string Pushed(FixAttempt fix, string commit, string summary, VerifyOutcome verified)
    {
        var link = $"{fix.Pull.Head.Repository.HtmlUrl.TrimEnd('/')}/commit/{commit}";
        return $"Pushed [{commit[..7]}]({link}) to {Code(fix.Pull.Head.Ref)}, co-authored by @{fix.Request.Author}.\n\n{summary}\n\n{Checked(fix, verified)}";
    }

    private static string NotPushed(FixAttempt fix, string summary, string why, string patch, VerifyOutcome? verified)
    {
        var output = verified is VerifyOutcome.Failed or VerifyOutcome.TimedOut
            ? $"\n<details><summary>The last lines of its output</summary>\n\n{MarkdownDefanger.Fence("text", Tail(verified))}\n\n</details>\n"
            : "";
        // What git, the remote or the model said is untrusted text: defanged, so a branch or file name cannot mention anyone.
        return $"Nothing pushed: {fix.Reply.Defang.Line(why, 2_000)}.\n\n{summary}\n{output}\n{patch}\n<sub>Asked by @{fix.Request.Author}.</sub>";
    }

    private static string Checked(FixAttempt fix, VerifyOutcome verified) => verified switch
    {
        VerifyOutcome.Passed passed => $"Verified: {Code(fix.Settings.Verify!)} passed in a sandbox in {passed.Elapsed.TotalSeconds:0} s.",
        VerifyOutcome.Unavailable unavailable => $"Not verified: no sandbox is available here ({unavailable.Reason}), and the verify command never runs outside one.",
        _ => $"Not verified: the repository sets no verify command (`fix: {{ verify: \"...\" }}` in {RepositorySettings.Path}).",
    };

    private static string Failure(VerifyOutcome verified) => verified switch
    {
        VerifyOutcome.Failed failed => $"failed (exit code {failed.ExitCode})",
        VerifyOutcome.TimedOut timedOut => timedOut.Message,
        _ => "did not pass",
    };

    /// <summary>The output's last lines, each capped, with secrets masked: the reply is public, and the sandbox can read the system.</summary>
    private static string Tail(VerifyOutcome verified) =>
        ReviewBot.Model.SecretMasker.Mask(string.Join("\n", VerifyOutcome.LastLines(Output(verified)).Split('\n').Select(l => l.Length <= 300 ? l : l[..300] + "…"))).Text;

    private static string Output(VerifyOutcome verified) => verified switch
    {
        VerifyOutcome.Failed failed => failed.Output,
        VerifyOutcome.TimedOut timedOut => timedOut.Output,
        _ => "",
    };

    private static string Why(PushOutcome pushed) => pushed switch
    {
        PushOutcome.Vanished => "the pull request's branch was deleted",
        PushOutcome.Refused refused => $"GitHub refused the push ({refused.Reason}): {refused.Message}",
        PushOutcome.Failed failed => $"the push failed: {failed.Reason}",
        PushOutcome.Moved moved => $"the branch moved to {moved.RemoteHead[..Math.Min(7, moved.RemoteHead.Length)]}",
        _ => "",
    };

    private static string Why(RebaseOutcome rebased) => rebased switch
    {
        RebaseOutcome.Conflicted conflicted => $"conflicts in {string.Join(", ", conflicted.Files.Take(10))}",
        RebaseOutcome.Failed failed => failed.Reason,
        _ => "",
    };

    private static string Reasons(FixAttempt fix, FixValidation validation) =>
        string.Join("; ", validation.Reasons.Select(r => fix.Reply.Defang.Line(r, 300)));

    private static string? ReadNew(string worktree, string path) =>
        WorktreePaths.Refuse(worktree, path, allowWorkflows: true, out var full) is null && File.Exists(full) ? File.ReadAllText(full) : null;

    private static string Text(IReadOnlyList<ContextItem> items) =>
        string.Join("\n\n", items.Select(i => $"{i.Path}:{i.StartLine}-{i.EndLine} ({i.Reason})\n{i.Text}"));

    private static string Code(string text) => MarkdownDefanger.Code(text);

    /// <summary>One fix in progress: who asked, where, the repository's fix settings and the worktree.</summary>
    private sealed record FixAttempt(GitHubAccess Access, AgentRequest Request, PullRequest Pull, ReplyEditor Reply, ThreadTarget? Target,
        FixSettings Settings, string Worktree)
    {
        public Task SayAsync(string doing) => Reply.SayAsync($"👀 Working on it, @{Request.Author}: {doing}…");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 432, Level = LogLevel.Information, Message = "Fix agent on {Owner}/{Repository}#{PullNumber}: finished {Finished} after {Steps} step(s), {Tokens} tokens, {ElapsedMs:0} ms")]
        public static partial void AgentEnded(ILogger logger, string owner, string repository, int pullNumber, bool finished, int steps, long tokens, double elapsedMs);
    }
}
