using ReviewBot.GitHub;
using ReviewBot.Model;
using ReviewBot.Publishing;
using ReviewBot.Workspace;

namespace ReviewBot.Pipeline;

/// <summary>
/// What a review was doing when it failed, for the check run. Only the orchestration knows every part a failure can come
/// from (git, GitHub, the model), so the words are chosen here and Publishing only lays them out.
/// </summary>
public static class FailureText
{
    public static Octokit.NewCheckRunOutput For(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return CheckRunSummary.Failed(Doing(exception), exception.GetType().Name);
    }

    public static string Doing(Exception exception, string otherwise = "reviewing") => exception switch
    {
        WorkspaceException => "reading the repository with git",
        UnknownOutcomeException => "posting: GitHub lost the answer to a write and could not be asked whether it took it, so it was not sent again (look at the pull request before re-running)",
        _ when GitHubFailure.IsFromGitHubPipeline(exception) => $"talking to GitHub ({GitHubFailure.Describe(exception)})",
        _ when ModelFailure.IsAuthentication(exception) => $"talking to the model: {ModelFailure.Describe(exception)}",
        System.ClientModel.ClientResultException or Polly.ExecutionRejectedException or TimeoutException => "talking to the model",
        _ when GitHubFailure.IsGitHubFailure(exception) => $"talking to GitHub ({GitHubFailure.Describe(exception)})",
        _ => otherwise,
    };
}
