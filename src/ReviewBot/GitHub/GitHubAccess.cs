using Octokit;

namespace ReviewBot.GitHub;

/// <summary>
/// What a front door hands down for one repository: the API client, the token git fetches with and GraphQL posts with,
/// and the account whose markers count. The server makes it from an App installation, the Action from
/// <c>GITHUB_TOKEN</c>; nothing below the front door knows which, or threads an installation id.
/// </summary>
public sealed class GitHubAccess(IGitHubClient client, Func<CancellationToken, Task<string>> token, Func<CancellationToken, Task<string?>> botLogin,
    bool isWorkflowToken = false)
{
    public IGitHubClient Client { get; } = client;

    /// <summary>
    /// A workflow's <c>GITHUB_TOKEN</c>, whose permissions the workflow sets: it may lack checks or pull-requests write
    /// (a fork's pull request gets a read-only one), so such a refusal is an expected outcome. The App's own access is
    /// given what it needs at installation, and a refusal there stays a failure.
    /// </summary>
    public bool IsWorkflowToken { get; } = isWorkflowToken;

    /// <summary>True for a refusal of this token's permissions; never for a rate limit, which also answers 403.</summary>
    public bool IsRefusedPermission(Exception exception) =>
        IsWorkflowToken && exception is ForbiddenException && !GitHubFailure.IsRateLimit(exception);

    /// <summary>The token of this access, fresh enough for the next call (an installation token is re-minted before it expires).</summary>
    public Task<string> TokenAsync(CancellationToken cancellationToken) => token(cancellationToken);

    /// <summary>The login that writes the bot's reviews and comments, or null when it is not known (then no marker counts).</summary>
    public Task<string?> BotLoginAsync(CancellationToken cancellationToken) => botLogin(cancellationToken);
}
