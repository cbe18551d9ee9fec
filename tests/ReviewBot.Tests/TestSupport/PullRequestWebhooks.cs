using System.Text.Json.Nodes;

namespace ReviewBot.Tests.TestSupport;

/// <summary>GitHub's own example deliveries, pointed at one of the fake's pull requests (its repository, number and head).</summary>
public static class PullRequestWebhooks
{
    /// <summary>pull_request <c>opened</c> or <c>synchronize</c>.</summary>
    public static byte[] PullRequest(FakePullRequest pr, string action)
    {
        ArgumentNullException.ThrowIfNull(pr);
        var json = Example("pull_request", action == "opened" ? "opened.2.payload.json" : "synchronize.1.payload.json", pr);
        json["number"] = pr.Number;
        json["pull_request"]!["number"] = pr.Number;
        json["pull_request"]!["head"]!["sha"] = pr.HeadSha;
        json["pull_request"]!["base"]!["sha"] = pr.BaseSha;
        return Bytes(json);
    }

    /// <summary>check_run <c>requested_action</c>: the Re-run review button of this App's run on the head commit.</summary>
    public static byte[] Rerun(FakePullRequest pr)
    {
        ArgumentNullException.ThrowIfNull(pr);
        var json = Example("check_run", "requested_action.1.payload.json", pr);
        json["installation"] = new JsonObject { ["id"] = 1, ["node_id"] = "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==" };
        json["check_run"]!["app"]!["id"] = ReviewBotApplication.AppId;
        json["check_run"]!["head_sha"] = pr.HeadSha;
        json["check_run"]!["pull_requests"]![0]!["number"] = pr.Number;
        json["requested_action"] = new JsonObject { ["identifier"] = "rerun-review" };
        return Bytes(json);
    }

    private static JsonNode Example(string eventName, string file, FakePullRequest pr)
    {
        var json = JsonNode.Parse(File.ReadAllBytes(TestResources.Webhook(eventName, file)))!;
        var repository = JsonNode.Parse(File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json")))!["repository"]!.DeepClone();
        repository["name"] = pr.Repository.Split('/')[1];
        repository["full_name"] = pr.Repository;
        repository["owner"]!["login"] = pr.Repository.Split('/')[0];
        json["repository"] = repository;
        return json;
    }

    private static byte[] Bytes(JsonNode json) => System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
}
