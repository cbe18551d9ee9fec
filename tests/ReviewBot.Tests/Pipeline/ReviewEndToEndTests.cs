using System.Net;
using System.Text.Json.Nodes;
using ReviewBot.Tests.TestSupport;
using static ReviewBot.Tests.TestSupport.FakeModelReply;

namespace ReviewBot.Tests.Pipeline;

/// <summary>
/// A real pull_request webhook, the real Octokit client against the fake GitHub, a real git fetch from a file:// clone URL,
/// the real OpenAI SDK against the scripted model: the check run ends with the model's valid findings and the intent verdict.
/// </summary>
public sealed class ReviewEndToEndTests : FakeGitHubTest
{
    private const string Repository = "Codertocat/Hello-World";

    [Test]
    public async Task An_opened_pull_request_is_reviewed_and_the_check_run_carries_the_valid_findings_and_the_intent_verdict()
    {
        var (repo, baseSha, headSha) = BillingRepository.Create();
        using var _ = repo;
        await using var model = await FakeModel.StartAsync();
        model.Default = _ => Review("partial", "Totals now use the discount rules, but the loop drops the first line.",
            Finding(BillingRepository.InvoicePath, 12, 12, "P1", 0.92, "Loop skips the first invoice line",
                "The loop starts at 1, so the first amount is never added.", [(BillingRepository.InvoicePath, 12, BillingRepository.BuggyLoop)]),
            Finding(BillingRepository.InvoicePath, 14, 14, "P1", 0.9, "Invented problem", "The quote is not in the code.",
                [(BillingRepository.InvoicePath, 14, "sum -= _lines[i];")]));
        var pr = GitHub.AddPullRequest(Repository, 2, headSha, installationId: 1, fileCount: 1, baseSha: baseSha);
        pr.CloneUrl = repo.FileUrl.ToString();
        pr.Title = "Fix invoice totals (fixes #7)";
        pr.Body = "Totals go through the discount rules.";
        GitHub.Issues[$"{Repository}#7"] = new FakeIssue(Repository, 7, "Invoice totals ignore discounts", "Apply discount rules to totals.");
        var settings = ReviewBotApplication.WithGitHub(GitHub, model.Settings(new Dictionary<string, string?>
        {
            ["Workspace:Root"] = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "e2e-" + Guid.NewGuid().ToString("N")[..8]),
        }));
        await using var app = new ReviewBotApplication(settings);
        using var client = app.CreateClient();

        using var response = await client.SendAsync(WebhookSigner.Delivery("pull_request", Payload(baseSha, headSha), ReviewBotApplication.Secret));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await Eventually(() => GitHub.CheckRunsFor(headSha) is [{ Status: "completed" }], "the check run to complete", 30_000);

        var run = GitHub.CheckRunsFor(headSha).Single();
        var summary = run.Output!["summary"]!.GetValue<string>();
        var prompt = FakeModel.Prompt(model.Requests.Single());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.StatusHistory, Is.EqualTo(new[] { "queued", "in_progress", "completed" }));
            Assert.That(run.Conclusion, Is.EqualTo("neutral"));
            Assert.That(run.Output["title"]!.GetValue<string>(), Is.EqualTo("1 finding"));
            Assert.That(summary, Does.Contain("does part of what the pull request says").And.Contain("drops the first line"));
            Assert.That(summary, Does.Contain("`src/Billing/Invoice.cs:12` Loop skips the first invoice line"));
            Assert.That(summary, Does.Contain("\"Invented problem\" its evidence"), "the invalid one is reported as dropped, not as a finding");
            Assert.That(prompt, Does.Contain("Invoice totals ignore discounts"), "the linked issue was fetched and is part of the intent");
            Assert.That(prompt, Does.Contain("Invoice total goes through the discount rules"), "so are the commit messages");
            Assert.That(GitHub.Requests.Count(r => r.Path.EndsWith("/issues/7", StringComparison.Ordinal)), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Secrets_in_the_title_the_body_a_commit_message_a_linked_issue_and_the_diff_never_reach_the_model()
    {
        const string keyId = SampleSecrets.AwsKeyId;
        const string secretKey = SampleSecrets.AwsSecretKey;
        const string token = SampleSecrets.GitHubToken;
        var (repo, baseSha, _) = BillingRepository.Create();
        using var _ = repo;
        repo.Checkout("feature");
        var headSha = repo.Write("deploy/credentials.env", $"AWS_ACCESS_KEY_ID={keyId}\nAWS_SECRET_ACCESS_KEY={secretKey}\nGITHUB_TOKEN={token}\n")
            .Commit($"Deploy with {token}\n\nThe IAM user is {keyId} with secret {secretKey}.");
        await using var model = await FakeModel.StartAsync();
        var pr = GitHub.AddPullRequest(Repository, 2, headSha, installationId: 1, fileCount: 2, baseSha: baseSha);
        pr.CloneUrl = repo.FileUrl.ToString();
        pr.Title = $"Deploy with {keyId} (fixes #7)";
        pr.Body = $"aws_secret_access_key = {secretKey}\nGITHUB_TOKEN: {token}";
        GitHub.Issues[$"{Repository}#7"] = new FakeIssue(Repository, 7, "Deploys fail", $"Use {token} and {keyId} / {secretKey}.");
        await using var app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub, model.Settings(new Dictionary<string, string?>
        {
            ["Workspace:Root"] = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "e2e-" + Guid.NewGuid().ToString("N")[..8]),
        })));
        using var client = app.CreateClient();

        await client.SendAsync(WebhookSigner.Delivery("pull_request", Payload(baseSha, headSha), ReviewBotApplication.Secret));
        await Eventually(() => GitHub.CheckRunsFor(headSha) is [{ Status: "completed" }], "the check run to complete", 30_000);

        var prompt = FakeModel.Prompt(model.Requests.Single());
        var posted = GitHub.Reviews.Select(r => r.Body).Append(GitHub.CheckRunsFor(headSha).Single().Output!.ToJsonString()).ToList();
        using (Assert.EnterMultipleScope())
        {
            foreach (var secret in new[] { keyId, secretKey, token })
            {
                Assert.That(model.Bodies.Append(prompt), Has.None.Contains(secret), $"{secret} reached the model");
                Assert.That(posted, Has.None.Contains(secret), $"{secret} was posted");
            }
            Assert.That(prompt, Does.Contain("Deploy with [masked: AWS access key] (fixes #7)"), "the title");
            Assert.That(prompt, Does.Contain("aws_secret_access_key = [masked: AWS secret access key]"), "the body");
            Assert.That(prompt, Does.Contain("Deploy with [masked: GitHub token]"), "the commit message");
            Assert.That(prompt, Does.Contain("Deploys fail"), "the linked issue");
            Assert.That(prompt, Does.Contain("GITHUB_TOKEN=[masked: GitHub token]"), "the diff");
            Assert.That(posted[0], Does.Contain("3 secret(s) were masked before the model saw them: 1 AWS access key, 1 AWS secret access key, 1 GitHub token."));
        }
    }

    [Test]
    public async Task A_clean_review_completes_the_check_run_with_success()
    {
        var (repo, baseSha, headSha) = BillingRepository.Create();
        using var _ = repo;
        await using var model = await FakeModel.StartAsync();

        var run = await ReviewAsync(model, repo.FileUrl.ToString(), baseSha, headSha);

        Assert.That(run.Conclusion, Is.EqualTo("success"));
        Assert.That(run.Output!["title"]!.GetValue<string>(), Is.EqualTo("No problems found"));
    }

    [Test]
    public async Task A_clone_url_git_cannot_fetch_completes_the_check_run_with_an_explanation()
    {
        var (repo, baseSha, headSha) = BillingRepository.Create();
        using var _ = repo;
        await using var model = await FakeModel.StartAsync();

        var run = await ReviewAsync(model, "file:///nonexistent/repository.git", baseSha, headSha);

        Assert.That(run.Output!["summary"]!.GetValue<string>(), Does.Contain("reading the repository with git"));
        Assert.That(model.Requests, Is.Empty);
    }

    private async Task<FakeCheckRun> ReviewAsync(FakeModel model, string cloneUrl, string baseSha, string headSha)
    {
        var pr = GitHub.AddPullRequest(Repository, 2, headSha, installationId: 1, fileCount: 1, baseSha: baseSha);
        pr.CloneUrl = cloneUrl;
        await using var app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub, model.Settings(new Dictionary<string, string?>
        {
            ["Workspace:Root"] = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "e2e-" + Guid.NewGuid().ToString("N")[..8]),
        })));
        using var client = app.CreateClient();

        await client.SendAsync(WebhookSigner.Delivery("pull_request", Payload(baseSha, headSha), ReviewBotApplication.Secret));
        await Eventually(() => GitHub.CheckRunsFor(headSha) is [{ Status: "completed" }], "the check run to complete", 30_000);
        return GitHub.CheckRunsFor(headSha).Single();
    }

    private static byte[] Payload(string baseSha, string headSha)
    {
        var json = JsonNode.Parse(File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json")))!;
        json["pull_request"]!["head"]!["sha"] = headSha;
        json["pull_request"]!["base"]!["sha"] = baseSha;
        return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
    }
}
