using System.Text.Json.Nodes;
using ReviewBot.Jobs;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Webhooks;

/// <summary>
/// Every example payload GitHub and Octokit publish for the events ReviewBot handles (Resources/webhooks), with what the
/// service must do with it. Some examples are patched the one way that makes them address this bot (a mention, our app id),
/// because the published ones address nobody.
/// </summary>
public static class WebhookExamples
{
    public sealed record Example(string Event, string File, string Patch, int Jobs, JobKind? Kind)
    {
        public byte[] Body()
        {
            var json = JsonNode.Parse(System.IO.File.ReadAllText(TestResources.Webhook(Event, File)))!;
            switch (Patch)
            {
                case "mention":
                    json["comment"]!["body"] = "@agent review please";
                    break;
                case "our-app":
                    json[Event]!["app"]!["id"] = ReviewBotApplication.AppId;
                    break;
                case "our-rerun-button":
                    json[Event]!["app"]!["id"] = ReviewBotApplication.AppId;
                    json["requested_action"]!["identifier"] = "rerun-review";
                    break;
                case "as-published":
                    return System.IO.File.ReadAllBytes(TestResources.Webhook(Event, File));
            }

            return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
        }

        public override string ToString() => $"{Event}/{File} ({Patch})";
    }

    public static IEnumerable<TestCaseData> All()
    {
        foreach (var file in Files("pull_request"))
        {
            var action = file.Split('.')[0];
            var reviewed = action is "opened" or "reopened" or "ready_for_review" or "synchronize";
            yield return Data(new Example("pull_request", file, "as-published", reviewed ? 1 : 0, reviewed ? JobKind.Review : null));
        }

        foreach (var file in Files("issue_comment"))
        {
            yield return Data(new Example("issue_comment", file, "as-published", 0, null));
        }

        // The one published comment on a pull request, made to address the bot.
        yield return Data(new Example("issue_comment", "created.6.payload.json", "mention", 1, JobKind.Command));

        foreach (var file in Files("pull_request_review_comment"))
        {
            yield return Data(new Example("pull_request_review_comment", file, "as-published", 0, null));
            if (file.StartsWith("created", StringComparison.Ordinal))
            {
                yield return Data(new Example("pull_request_review_comment", file, "mention", 1, JobKind.Command));
            }
        }

        foreach (var file in Files("check_run"))
        {
            var action = file.Split('.')[0];
            yield return Data(new Example("check_run", file, "as-published", 0, null));
            if (action == "rerequested")
            {
                // These name no pull request, so the job first finds it by head commit.
                yield return Data(new Example("check_run", file, "our-app", 1, JobKind.ResolveRerun));
            }
            else if (action == "requested_action")
            {
                yield return Data(new Example("check_run", file, "our-app", 0, null));
                yield return Data(new Example("check_run", file, "our-rerun-button", 1, JobKind.Review));
            }
        }

        foreach (var file in Files("check_suite"))
        {
            var ours = file.StartsWith("rerequested", StringComparison.Ordinal);
            yield return Data(new Example("check_suite", file, "as-published", ours ? 1 : 0, ours ? JobKind.Review : null));
        }

        foreach (var eventName in new[] { "installation", "installation_repositories" })
        {
            foreach (var file in Files(eventName))
            {
                yield return Data(new Example(eventName, file, "as-published", 1, JobKind.Installation));
            }
        }

        foreach (var file in Files("ping"))
        {
            yield return Data(new Example("ping", file, "as-published", 0, null));
        }

        // Events the bot does not handle at all: acknowledged and ignored.
        foreach (var eventName in new[] { "pull_request_review", "pull_request_review_thread" })
        {
            foreach (var file in Files(eventName))
            {
                yield return Data(new Example(eventName, file, "as-published", 0, null));
            }
        }
    }

    private static IEnumerable<string> Files(string eventName) =>
        TestResources.WebhookExamples(eventName).Select(Path.GetFileName)!;

    private static TestCaseData Data(Example c) => new TestCaseData(c).SetArgDisplayNames(c.ToString());
}
