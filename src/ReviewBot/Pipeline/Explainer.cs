using System.Text;
using Octokit;
using ReviewBot.Context;
using ReviewBot.GitHub;
using ReviewBot.Jobs;
using ReviewBot.Model;
using ReviewBot.Publishing;

namespace ReviewBot.Pipeline;

/// <summary>
/// <c>@agent explain [question]</c>: one model answer about the thread's lines (with the code around them and the engine's
/// context for that file) or about the whole pull request, posted as the command's reply. The answer is defanged.
/// </summary>
public sealed class Explainer(PullRequestMaterial material, ModelClient model)
{
    private const int ContextBudget = 6_000;
    private const int LinesAround = 20;
    private const int MaxAnswerLength = 6_000;

    private static readonly ModelSchema Schema = new("explanation", "The answer to the question about the pull request.",
        """{"type":"object","additionalProperties":false,"required":["answer"],"properties":{"answer":{"type":"string"}}}""");

    /// <param name="target">The thread's lines, for a command in a review thread (null there when they cannot be found).</param>
    public async Task<string> ExplainAsync(GitHubAccess access, AgentRequest request, PullRequest pull, ThreadTarget? target, ReplyEditor reply,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(pull);
        ArgumentNullException.ThrowIfNull(reply);
        if (request.InReviewThread && target is null)
        {
            return "Nothing to explain here: this thread's comment is no longer on a line of the pull request (it is outdated).";
        }
        using var opened = await material.OpenAsync(access, pull, cancellationToken);
        var (guidance, related) = await material.ContextAsync(opened, target is null ? null : [target.Path], ContextBudget, cancellationToken);
        var fence = UntrustedFence.Create();
        var request_ = new StringBuilder()
            .Append("Fence nonce for this request: ").Append(fence.Nonce).Append("\n\n## The question\n")
            .Append(fence.Wrap("question", request.Text.Length > 0 ? request.Text : target is null ? "Explain this pull request." : "Explain these lines."))
            .Append("\n## The pull request\n").Append(fence.Wrap("title", pull.Title ?? "")).Append(fence.Wrap("body", pull.Body ?? ""));
        if (target is not null)
        {
            request_.Append("\n## The thread\n").Append(fence.Wrap("comment", target.Comment, $"{target.Path}:{target.StartLine}-{target.EndLine}"))
                .Append(fence.Wrap("code", await LinesAsync(opened, target, cancellationToken), target.Path));
        }
        foreach (var item in related)
        {
            request_.Append(fence.Wrap(item.Kind.ToString().ToLowerInvariant(), item.Text, $"{item.Path}: {item.Reason}"));
        }
        var guidanceText = guidance.Count == 0 ? null : string.Join("\n", guidance.Select(g => fence.Wrap("guidance", g.Text, g.Path)));
        var answer = await model.CompleteAsync<ExplainAnswer>(new ModelPrompt(Prompts.Get("explain"), guidanceText, request_.ToString()), Schema, cancellationToken);
        if (answer.Value?.Answer is not { Length: > 0 } text)
        {
            return $"I could not answer: the model gave no usable answer ({answer.Failure ?? "empty"}).";
        }
        var asked = request.Text.Length > 0 ? $"> {reply.Defang.Line(request.Text, 500)}\n\n" : "";
        return $"{asked}{reply.Defang.Text(text, MaxAnswerLength)}\n\n<sub>Asked by @{request.Author}.</sub>";
    }

    /// <summary>The thread's lines and some around them, numbered, from the side the comment is on.</summary>
    private static async Task<string> LinesAsync(OpenedPullRequest opened, ThreadTarget target, CancellationToken cancellationToken)
    {
        using var blobs = opened.Repository.OpenBlobReader();
        var commit = target.OnBase ? opened.Snapshot.MergeBase : opened.Snapshot.HeadCommit;
        var lines = CodeFormat.SplitLines(await blobs.ReadAsync(commit, target.Path, cancellationToken) ?? "");
        var first = Math.Max(1, target.StartLine - LinesAround);
        var last = Math.Min(lines.Length, target.EndLine + LinesAround);
        var b = new StringBuilder();
        for (var n = first; n <= last; n++)
        {
            b.Append(n).Append(n >= target.StartLine && n <= target.EndLine ? " > " : "   ").Append(lines[n - 1]).Append('\n');
        }
        return b.ToString();
    }

    private sealed record ExplainAnswer(string? Answer);
}
