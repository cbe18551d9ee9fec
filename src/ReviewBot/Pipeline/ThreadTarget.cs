using ReviewBot.GitHub;
using ReviewBot.Publishing;

namespace ReviewBot.Pipeline;

/// <summary>
/// What a command in a review thread is about: the thread's first comment (a finding or a reviewer's comment), its file and
/// lines on the head (or the base, for removed lines). A comment that is outdated has no current line: null.
/// </summary>
public sealed record ThreadTarget(string Path, int StartLine, int EndLine, bool OnBase, string Comment)
{
    public static async Task<ThreadTarget?> ReadAsync(GitHubAccess access, CommandPlace place)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(place);
        if (!place.InReviewThread)
        {
            return null;
        }
        var root = await CommandReplies.ThreadRootAsync(new GitHubReviewsApi(access.Client), place);
        if (root.Path is not { Length: > 0 } path || root.Line is not { } line)
        {
            return null;
        }
        var start = root.StartLine is { } s && s <= line ? s : line;
        return new ThreadTarget(path, start, line, root.Side == "LEFT", root.Body ?? "");
    }
}
