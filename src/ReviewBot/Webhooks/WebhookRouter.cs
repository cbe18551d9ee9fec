using ReviewBot.Commands;
using ReviewBot.GitHub;
using ReviewBot.Jobs;

namespace ReviewBot.Webhooks;

/// <summary>
/// Decides, from a few routing fields, what a delivery means: a review, a command, an installation change, or nothing.
/// It reads the raw JSON once with <see cref="JsonDocument"/> and never builds the typed event: that is the worker's job,
/// so the acknowledgement stays near the HTTP floor and no model mismatch in the library can become a 500.
/// </summary>
public sealed partial class WebhookRouter(IOptions<GitHubOptions> github, IOptions<CommandsOptions> commands)
{
    public const string RerunActionId = "rerun-review";

    private static readonly HashSet<string> ReviewedPullRequestActions = ["opened", "reopened", "ready_for_review", "synchronize"];

    public WebhookRoute Route(string eventName, string deliveryId, string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException ex)
        {
            return new WebhookRoute.Reject($"The body is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new WebhookRoute.Reject("The body must be a JSON object.");
            }

            var payload = new Payload(eventName, deliveryId, body, root);
            try
            {
                return eventName switch
                {
                    "ping" => new WebhookRoute.Ignore("ping"),
                    "pull_request" => RoutePullRequest(payload),
                    "issue_comment" => RouteIssueComment(payload),
                    "pull_request_review_comment" => RouteReviewComment(payload),
                    "check_run" => RouteCheck(payload, "check_run"),
                    "check_suite" => RouteCheck(payload, "check_suite"),
                    "installation" or "installation_repositories" => RouteInstallation(payload),
                    _ => new WebhookRoute.Ignore($"{eventName} events are not handled"),
                };
            }
            catch (MissingFieldException ex)
            {
                return new WebhookRoute.Reject(ex.Message);
            }
        }
    }

    private static WebhookRoute RoutePullRequest(Payload p)
    {
        var action = p.RequiredString("action");
        if (!ReviewedPullRequestActions.Contains(action))
        {
            return new WebhookRoute.Ignore($"pull_request.{action} is not reviewed");
        }

        var number = p.RequiredInt("number");
        var sha = p.RequiredString("pull_request.head.sha");
        var repository = p.RequiredString("repository.full_name");
        if (p.OptionalBool("pull_request.draft") == true)
        {
            return new WebhookRoute.Ignore("draft pull requests are reviewed when marked ready");
        }

        return p.One(JobKind.Review, Job.PullRequestKey(repository, number), number, sha, forced: false, action);
    }

    private WebhookRoute RouteIssueComment(Payload p)
    {
        var action = p.RequiredString("action");
        if (action != "created")
        {
            return new WebhookRoute.Ignore($"issue_comment.{action} is not handled");
        }

        var number = p.RequiredInt("issue.number");
        var repository = p.RequiredString("repository.full_name");
        var text = p.RequiredString("comment.body");
        if (!p.Has("issue.pull_request"))
        {
            return new WebhookRoute.Ignore("a comment on an issue, not on a pull request");
        }

        return RouteComment(p, action, repository, number, text);
    }

    private WebhookRoute RouteReviewComment(Payload p)
    {
        var action = p.RequiredString("action");
        if (action != "created")
        {
            return new WebhookRoute.Ignore($"pull_request_review_comment.{action} is not handled");
        }

        var number = p.RequiredInt("pull_request.number");
        var repository = p.RequiredString("repository.full_name");
        var text = p.RequiredString("comment.body");
        return RouteComment(p, action, repository, number, text);
    }

    private WebhookRoute RouteComment(Payload p, string action, string repository, int number, string text)
    {
        if (p.OptionalString("comment.user.type") == "Bot" || p.OptionalString("sender.type") == "Bot")
        {
            return new WebhookRoute.Ignore("comments by bots are not commands");
        }

        return CommandParser.Mentions(text, commands.Value.Mention)
            ? p.One(JobKind.Command, Job.PullRequestKey(repository, number), number, headSha: null, forced: false, action)
            : new WebhookRoute.Ignore($"the comment does not mention {commands.Value.Mention}");
    }

    private WebhookRoute RouteCheck(Payload p, string name)
    {
        var action = p.RequiredString("action");
        var rerun = action == "rerequested" || (name == "check_run" && action == "requested_action");
        if (!rerun)
        {
            return new WebhookRoute.Ignore($"{name}.{action} is not handled");
        }

        var appId = p.RequiredLong($"{name}.app.id");
        var sha = p.RequiredString($"{name}.head_sha");
        var repository = p.RequiredString("repository.full_name");
        if (github.Value.AppId is not { } ours || ours != appId)
        {
            return new WebhookRoute.Ignore($"the {name} belongs to app {appId}, not to this App");
        }

        if (action == "requested_action" && p.OptionalString("requested_action.identifier") != RerunActionId)
        {
            return new WebhookRoute.Ignore("the requested action is not ReviewBot's re-run");
        }

        var numbers = p.PullRequestNumbers($"{name}.pull_requests");
        return numbers.Count == 0
            ? p.One(JobKind.ResolveRerun, $"{repository.ToLowerInvariant()}@{sha}", null, sha, forced: true, action)
            : new WebhookRoute.Enqueue(numbers.Select((n, i) => p.Job(i, JobKind.Review, Job.PullRequestKey(repository, n), n, sha, forced: true, action)).ToList());
    }

    private static WebhookRoute RouteInstallation(Payload p)
    {
        var action = p.RequiredString("action");
        var installation = p.RequiredLong("installation.id");
        return p.One(JobKind.Installation, $"installation:{installation}", null, headSha: null, forced: false, action);
    }
}
