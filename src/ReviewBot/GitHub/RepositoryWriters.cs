using Octokit;

namespace ReviewBot.GitHub;

/// <summary>
/// Who may make the bot act or teach it: people with write access to the repository, as GitHub says
/// (<c>GET /repos/{owner}/{repo}/collaborators/{user}/permission</c>), never as a payload claims.
/// </summary>
public static class RepositoryWriters
{
    public static bool CanWrite(string? permission) => permission is "admin" or "maintain" or "write";

    /// <summary>Asks GitHub; an account GitHub does not know as a collaborator (404) is no writer.</summary>
    public static async Task<bool> IsWriterAsync(IGitHubClient client, string owner, string repo, string login)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            return CanWrite((await client.Repository.Collaborator.ReviewPermission(owner, repo, login)).Permission);
        }
        catch (NotFoundException)
        {
            return false;
        }
    }
}
