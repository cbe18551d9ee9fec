using Octokit.Webhooks;
using Octokit.Webhooks.Events;

namespace ReviewBot.Reviews;

/// <summary>Review this head commit of this pull request. <see cref="Forced"/> asks for a review even if one exists.</summary>
public sealed record ReviewRequest(long? InstallationId, string Owner, string Repository, int Number, string HeadSha, bool Forced, string Trigger)
{
    public string FullName => $"{Owner}/{Repository}";

    public static ReviewRequest From(PullRequestEvent e, string trigger)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(
            e.Installation?.Id,
            e.Repository!.Owner.Login,
            e.Repository.Name,
            (int)e.Number,
            e.PullRequest.Head.Sha,
            Forced: false,
            $"{trigger}.{e.Action}");
    }

    /// <summary>A forced review asked for from the check run (Re-run button, "Re-run" link) or the check suite.</summary>
    public static ReviewRequest FromRerun(WebhookEvent e, int number, string trigger) => e switch
    {
        CheckRunEvent run => new(run.Installation?.Id, run.Repository!.Owner.Login, run.Repository.Name, number, run.CheckRun.HeadSha, Forced: true, $"{trigger}.{run.Action}"),
        CheckSuiteEvent suite => new(suite.Installation?.Id, suite.Repository!.Owner.Login, suite.Repository.Name, number, suite.CheckSuite.HeadSha, Forced: true, $"{trigger}.{suite.Action}"),
        _ => throw new ArgumentException($"{e.GetType().Name} is not a check event.", nameof(e)),
    };
}
