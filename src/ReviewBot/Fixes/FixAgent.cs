using System.ClientModel;
using System.Globalization;
using ReviewBot.Model;
using ReviewBot.Workspace;

namespace ReviewBot.Fixes;

/// <summary>
/// The fix agent: a bounded tool loop. The model reads and edits the worktree through <see cref="FixTools"/> until it
/// calls finish, and the loop stops it at the first budget it exceeds (steps, tokens, wall time), when it repeats itself,
/// when it keeps sending calls that do not parse, or when it finishes without a change. Every ending is a value that a
/// reply can show; only the caller's cancellation and a broken worktree (git status fails) throw.
/// </summary>
public sealed partial class FixAgent(ModelClient model, GitRunner git, IOptions<FixAgentOptions> options, ILogger<FixAgent> logger)
{
    /// <param name="progress">Told of every tool call as it ends, so a reply can say what the fix is doing.</param>
    public async Task<FixAgentOutcome> RunAsync(FixTask task, CancellationToken cancellationToken, IProgress<FixAgentStep>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var limits = options.Value;
        var run = new FixRun();
        using var wall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wall.CancelAfter(limits.MaxWallTime);
        FixAgentOutcome outcome;
        try
        {
            outcome = await LoopAsync(task, limits, run, progress, wall.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = run.Stop(FixStopReason.WallTime, $"the fix took longer than its wall-time budget ({limits.MaxWallTime:g})");
        }
        catch (Exception ex) when (IsModelFailure(ex))
        {
            outcome = run.Stop(FixStopReason.ModelFailure, $"the model call failed: {Trim(ex.Message)}");
        }
        Log.Ended(logger, outcome.Finished ? "finished" : outcome.StopReason.ToString()!, outcome.Steps, outcome.ToolCalls, outcome.ToolErrors,
            outcome.Usage.Total, (long)outcome.Elapsed.TotalMilliseconds);
        return outcome;
    }

    private async Task<FixAgentOutcome> LoopAsync(FixTask task, FixAgentOptions limits, FixRun run, IProgress<FixAgentStep>? progress,
        CancellationToken cancellationToken)
    {
        var fence = UntrustedFence.Create();
        var conversation = model.StartConversation(FixPrompt.For(task, fence), FixTools.All);
        var tools = new FixTools(task, limits, git);
        var repeats = new Dictionary<string, int>(StringComparer.Ordinal);
        var badInARow = 0;
        while (true)
        {
            if (run.Steps >= limits.MaxSteps)
            {
                return run.Stop(FixStopReason.StepBudget, $"the model used all {limits.MaxSteps} steps without finishing");
            }
            if (run.Usage.Total >= limits.MaxTokens)
            {
                return run.Stop(FixStopReason.TokenBudget,
                    string.Create(CultureInfo.InvariantCulture, $"the fix used {run.Usage.Total:N0} tokens, over its budget of {limits.MaxTokens:N0}"));
            }
            run.Steps++;
            var turn = await conversation.NextAsync(cancellationToken);
            run.Usage += turn.Usage;
            if (turn.ToolCalls.Count == 0)
            {
                if (++badInARow >= limits.MaxBadCallsInARow)
                {
                    return run.Stop(FixStopReason.BadCalls, "the model kept answering in text instead of calling the tools");
                }
                conversation.AddUserMessage("Answer with tool calls only: make the change with edit or apply_patch, then call finish.");
                continue;
            }
            foreach (var call in turn.ToolCalls)
            {
                run.ToolCalls++;
                var result = await tools.RunAsync(call, cancellationToken);
                Log.Tool(logger, run.Steps, Trim(call.Name, 40), result.Kind.ToString());
                progress?.Report(new FixAgentStep(run.Steps, FixTools.Knows(call.Name) ? call.Name : "unknown", result.Kind));
                if (result.Kind is FixToolKind.Done or FixToolKind.Failed && Repeated(repeats, call) is var times && times >= limits.MaxRepeats)
                {
                    return run.Stop(FixStopReason.Looping, $"the model made the same {call.Name} call {times} times without changing anything");
                }
                switch (result.Kind)
                {
                    case FixToolKind.Finish:
                        return await HasChangesAsync(task, cancellationToken)
                            ? run.Finish(result.Text)
                            : run.Stop(FixStopReason.NoChange, "the model finished, but no change was made");
                    case FixToolKind.BadCall:
                        run.ToolErrors++;
                        badInARow++;
                        break;
                    case FixToolKind.Failed:
                        run.ToolErrors++;
                        badInARow = 0;
                        break;
                    case FixToolKind.Changed:
                        // A change makes a repeated read or search meaningful again.
                        repeats.Clear();
                        badInARow = 0;
                        break;
                    default:
                        badInARow = 0;
                        break;
                }
                conversation.AddToolResult(call.Id, fence.Wrap("tool-result", result.Text, call.Name));
                if (badInARow >= limits.MaxBadCallsInARow)
                {
                    return run.Stop(FixStopReason.BadCalls, "the model kept sending calls that do not parse or name no tool");
                }
            }
        }
    }

    /// <summary>How often this call (same tool, same arguments in any spacing or order) was made since the last change.</summary>
    private static int Repeated(Dictionary<string, int> repeats, ModelToolCall call)
    {
        var key = call.Name + "\u0002" + (ToolArguments.Parse(call.Arguments, out _)?.Canonical ?? call.Arguments);
        return repeats[key] = repeats.GetValueOrDefault(key) + 1;
    }

    /// <summary>What git sees, not what the tools said: two edits that cancel out are no change.</summary>
    private async Task<bool> HasChangesAsync(FixTask task, CancellationToken cancellationToken)
    {
        var status = await git.RunAsync(task.Worktree, ["status", "--porcelain", "--untracked-files=all"], cancellationToken: cancellationToken);
        if (!status.Succeeded)
        {
            throw new WorkspaceException($"git status failed in the fix worktree: {Trim(status.StandardError.Trim())}");
        }
        return status.StandardOutput.Trim().Length > 0;
    }

    /// <summary>The endpoint down after Polly's retries, its circuit open, or no endpoint configured.</summary>
    private static bool IsModelFailure(Exception ex) =>
        ex is ClientResultException or HttpRequestException or Polly.ExecutionRejectedException
        || (ex is InvalidOperationException && ex.Message.StartsWith("Model:", StringComparison.Ordinal));

    private static string Trim(string text, int max = 300) => text.Length <= max ? text : text[..max] + "…";

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Fix step {Step}: {Tool} -> {Kind}")]
        public static partial void Tool(ILogger logger, int step, string tool, string kind);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Fix agent {Outcome} after {Steps} steps, {ToolCalls} tool calls ({ToolErrors} errors), {Tokens} tokens, {ElapsedMs} ms")]
        public static partial void Ended(ILogger logger, string outcome, int steps, int toolCalls, int toolErrors, long tokens, long elapsedMs);
    }
}
