using Octokit;
using ReviewBot.GitHub;
using ReviewBot.Jobs;

namespace ReviewBot.Pipeline;

/// <summary><c>@agent fix</c>: the agent, validation, the sandboxed verify and the push are being put together.</summary>
public sealed class FixRunner
{
    public Task<string> FixAsync(GitHubAccess access, AgentRequest request, PullRequest pull, ReplyEditor reply, CancellationToken cancellationToken) =>
        Task.FromResult("Not done: `fix` is not wired up in this build yet.");
}
