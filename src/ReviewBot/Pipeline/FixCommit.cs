using System.Text.RegularExpressions;
using ReviewBot.GitHub;
using ReviewBot.Jobs;
using ReviewBot.Workspace;

namespace ReviewBot.Pipeline;

/// <summary>What a fix's commit says and who it is by: the bot, co-authored by the person who asked.</summary>
public static partial class FixCommit
{
    public static string Message(AgentRequest request, ThreadTarget? target, string modelSummary)
    {
        ArgumentNullException.ThrowIfNull(request);
        var summary = CommitText(modelSummary);
        var first = summary.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "Apply the requested fix";
        var subject = first.Length <= 72 ? first : first[..71] + "…";
        var where = target is { } t ? $"the review thread on {t.Path}:{t.StartLine}-{t.EndLine}" : "the pull request's conversation";
        return $"{subject}\n\nAsked for by @{request.Author} with `@agent fix` in {where} of #{request.Number} (comment {request.CommentId}).\n\n{summary}";
    }

    /// <summary>
    /// The model's summary as commit text: no trailer lines (a forged <c>Co-authored-by</c> or <c>Signed-off-by</c>), and
    /// no closing keyword that would close an issue when the pull request merges.
    /// </summary>
    internal static string CommitText(string summary) =>
        ClosingKeyword().Replace(
            string.Join('\n', summary.Replace("\r", "", StringComparison.Ordinal).Split('\n').Where(l => !TrailerLine().IsMatch(l))),
            m => $"{m.Groups["word"].Value} issue {m.Groups["ref"].Value}").Trim();

    public static async Task<GitIdentity> BotAsync(GitHubAccess access, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        var login = await access.BotLoginAsync(cancellationToken) ?? "reviewbot[bot]";
        return new GitIdentity(login, $"{login}@users.noreply.github.com");
    }

    /// <summary>GitHub's noreply address for the requester: <c>ID+login@</c>, which GitHub links to the account; the older form without an id.</summary>
    public static GitIdentity Requester(AgentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(request.Author, request.AuthorId is { } id
            ? $"{id}+{request.Author}@users.noreply.github.com"
            : $"{request.Author}@users.noreply.github.com");
    }

    [GeneratedRegex(@"^\s*[A-Za-z][A-Za-z0-9-]*:\s")]
    private static partial Regex TrailerLine();

    [GeneratedRegex(@"(?i)\b(?<word>close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b\s*:?\s+(?<ref>(?:[\w.-]+/[\w.-]+)?#\d+|https?://\S+/(?:issues|pull)/\d+)")]
    private static partial Regex ClosingKeyword();
}
