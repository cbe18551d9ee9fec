using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using OpenTelemetry.Trace;
using ReviewBot.Tests.TestSupport;
using static ReviewBot.Tests.TestSupport.FakeModelReply;

namespace ReviewBot.Tests.Telemetry;

/// <summary>
/// A real review on the fake GitHub and the fake model, read back the way an operator would: the counts a Prometheus scrape
/// of <c>/metrics</c> shows are the ones that happened, and the spans of one trace go from the webhook to the published review.
/// </summary>
[NonParallelizable]
public sealed class TelemetryEndToEndTests : FakeGitHubTest
{
    private const string Repository = "Codertocat/Hello-World";

    [Test]
    public async Task A_reviewed_pull_request_shows_in_metrics_as_one_webhook_one_review_its_findings_its_tokens_and_its_GitHub_calls()
    {
        var (repo, baseSha, headSha) = BillingRepository.Create();
        using var _ = repo;
        await using var model = await FakeModel.StartAsync();
        model.Default = _ => TwoFindingsOneInvented();
        await using var app = App(model, repo, baseSha, headSha);
        using var client = app.CreateClient();

        await ReviewAsync(app, client, baseSha, headSha);

        var model_calls = model.Requests.Count;
        var githubCalls = GitHub.Requests.Count(r => r.FromBot);
        var metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(PrometheusText.Sum(metrics, "reviewbot_webhooks_total"), Is.EqualTo(1), metrics);
            Assert.That(PrometheusText.Sum(metrics, "reviewbot_webhooks_total", ("event", "pull_request"), ("outcome", "queued")), Is.EqualTo(1));
            Assert.That(PrometheusText.Sum(metrics, "reviewbot_reviews_total"), Is.EqualTo(1));
            Assert.That(PrometheusText.Sum(metrics, "reviewbot_reviews_total", ("outcome", "findings")), Is.EqualTo(1));
            Assert.That(PrometheusText.Sum(metrics, "reviewbot_review_duration_seconds_count", ("outcome", "findings")), Is.EqualTo(1));
            Assert.That(PrometheusText.Sum(metrics, "reviewbot_queue_wait_seconds_count", ("kind", "Review")), Is.EqualTo(1));
            Assert.That(PrometheusText.Sum(metrics, "reviewbot_findings_total"), Is.EqualTo(1), "one finding survived verification");
            Assert.That(PrometheusText.Sum(metrics, "reviewbot_findings_total", ("priority", "P1")), Is.EqualTo(1));
            Assert.That(PrometheusText.Sum(metrics, "reviewbot_findings_dropped_total", ("stage", "verification"), ("reason", "evidence-not-found")), Is.EqualTo(1),
                "the invented one was dropped for its evidence");
            Assert.That(model_calls, Is.GreaterThan(0));
            Assert.That(PrometheusText.Sum(metrics, "reviewbot_model_tokens_total", ("model", "fake-model"), ("kind", "input")), Is.EqualTo(1200 * model_calls));
            Assert.That(PrometheusText.Sum(metrics, "reviewbot_model_tokens_total", ("model", "fake-model"), ("kind", "cached")), Is.EqualTo(1000 * model_calls));
            Assert.That(PrometheusText.Sum(metrics, "reviewbot_model_tokens_total", ("model", "fake-model"), ("kind", "output")), Is.EqualTo(150 * model_calls));
            Assert.That(PrometheusText.Sum(metrics, "reviewbot_model_duration_seconds_count", ("model", "fake-model"), ("outcome", "ok")), Is.EqualTo(model_calls));
            Assert.That(PrometheusText.Sum(metrics, "reviewbot_github_calls_total"), Is.EqualTo(githubCalls), "every call the fake GitHub answered, once");
            Assert.That(PrometheusText.Sum(metrics, "reviewbot_github_calls_total", ("method", "POST"), ("route", "/repos/{owner}/{repo}/check-runs"), ("status", "201")),
                Is.EqualTo(GitHub.Requests.Count(r => r.FromBot && r.Method == "POST" && r.Path.EndsWith("/check-runs", StringComparison.Ordinal) && r.Status == 201)).And.GreaterThan(0));
            Assert.That(PrometheusText.Samples(metrics, "reviewbot_github_calls_total").Select(s => s.Labels["route"]),
                Has.None.Contains("Hello-World").And.None.Contains(headSha), "routes are templates, never a repository or a commit");
            Assert.That(PrometheusText.Samples(metrics, "reviewbot_queue_depth"), Is.Not.Empty, "the queue depth is observed");
            Assert.That(PrometheusText.Sum(metrics, "reviewbot_queue_depth"), Is.Zero, "and nothing waits after the review");
        }
    }

    [Test]
    public async Task The_review_is_one_trace_from_the_webhook_through_the_job_and_the_engine_to_the_published_review()
    {
        var (repo, baseSha, headSha) = BillingRepository.Create();
        using var _ = repo;
        await using var model = await FakeModel.StartAsync();
        model.Default = _ => TwoFindingsOneInvented();
        var spans = new List<Activity>();
        await using var app = App(model, repo, baseSha, headSha, services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans).SetSampler(new AlwaysOnSampler())));
        using var client = app.CreateClient();

        await ReviewAsync(app, client, baseSha, headSha);
        await Eventually(() => Snapshot(spans).Any(s => s.DisplayName == "job Review"), "the job's span to end");

        var all = Snapshot(spans);
        var webhook = all.Single(s => s.DisplayName == "webhook");
        // The fake GitHub and the fake model run in this process, so their server spans join the trace too: only the bot's own are read.
        var trace = all.Where(s => s.TraceId == webhook.TraceId).ToList();
        var request = trace.Single(s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path")?.ToString() == "/api/github/webhooks");
        var job = trace.Single(s => s.DisplayName == "job Review");
        var engine = trace.Single(s => s.DisplayName == "review engine");
        var publish = trace.Single(s => s.DisplayName == "publish review");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(webhook.ParentSpanId, Is.EqualTo(request.SpanId), "the webhook span is under the request's");
            Assert.That(job.ParentSpanId, Is.EqualTo(webhook.SpanId), "the job continues the webhook's trace across the queue");
            Assert.That(AncestorsOf(engine, trace), Does.Contain(job.SpanId));
            Assert.That(AncestorsOf(publish, trace), Does.Contain(job.SpanId));
            Assert.That(trace.Where(s => s.DisplayName == "model call").Select(s => s.ParentSpanId), Has.All.AnyOf(AncestorsOf(engine, trace).Prepend(engine.SpanId).ToArray()),
                "the model calls are under the engine");
            Assert.That(trace.Count(s => s.Kind == ActivityKind.Client && s.GetTagItem("url.full")?.ToString()?.Contains("/reviews", StringComparison.Ordinal) == true
                && AncestorsOf(s, trace).Contains(publish.SpanId)), Is.GreaterThan(0), "the review is posted under the publish span");
            Assert.That(app.Logs.GetSnapshot().Where(r => r.Category is "ReviewBot.Reviews.ReviewEngine" or "ReviewBot.Pipeline.ReviewJobHandler")
                .Select(r => r.Scopes.OfType<IEnumerable<KeyValuePair<string, object?>>>().SelectMany(p => p).FirstOrDefault(p => p.Key == "HeadSha").Value).ToList(),
                Has.Count.GreaterThan(1).And.All.EqualTo(headSha), "the engine's and the handler's lines carry the job's scope");
            Assert.That(job.GetTagItem("reviewbot.Repository"), Is.EqualTo(Repository));
            Assert.That(job.GetTagItem("reviewbot.HeadSha"), Is.EqualTo(headSha));
            Assert.That(job.GetTagItem("reviewbot.DeliveryId"), Is.EqualTo(webhook.GetTagItem("github.delivery")));
        }
    }

    private static List<Activity> Snapshot(List<Activity> spans)
    {
        lock (spans)
        {
            return [.. spans];
        }
    }

    private static List<ActivitySpanId> AncestorsOf(Activity span, List<Activity> trace)
    {
        var ancestors = new List<ActivitySpanId>();
        for (var parent = span.ParentSpanId; trace.FirstOrDefault(s => s.SpanId == parent) is { } p; parent = p.ParentSpanId)
        {
            ancestors.Add(p.SpanId);
        }
        return ancestors;
    }

    private static FakeModelReply TwoFindingsOneInvented() => Review("partial", "Totals now use the discount rules, but the loop drops the first line.",
        Finding(BillingRepository.InvoicePath, 12, 12, "P1", 0.92, "Loop skips the first invoice line",
            "The loop starts at 1, so the first amount is never added.", [(BillingRepository.InvoicePath, 12, BillingRepository.BuggyLoop)]),
        Finding(BillingRepository.InvoicePath, 14, 14, "P1", 0.9, "Invented problem", "The quote is not in the code.",
            [(BillingRepository.InvoicePath, 14, "sum -= _lines[i];")]));

    private ReviewBotApplication App(FakeModel model, TestRepository repo, string baseSha, string headSha, Action<IServiceCollection>? replace = null)
    {
        var pr = GitHub.AddPullRequest(Repository, 2, headSha, installationId: 1, fileCount: 1, baseSha: baseSha);
        pr.CloneUrl = repo.FileUrl.ToString();
        return new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub, model.Settings(new Dictionary<string, string?>
        {
            ["Workspace:Root"] = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "otel-" + Guid.NewGuid().ToString("N")[..8]),
        })))
        { Replace = replace };
    }

    private async Task ReviewAsync(ReviewBotApplication app, HttpClient client, string baseSha, string headSha)
    {
        using var response = await client.SendAsync(WebhookSigner.Delivery("pull_request", Payload(baseSha, headSha), ReviewBotApplication.Secret));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await Eventually(() => GitHub.CheckRunsFor(headSha) is [{ Status: "completed" }], "the check run to complete", 30_000);
        await Eventually(() => GitHub.Reviews.Count > 0, "the review to be posted");
        // The job's last calls (the check run's annotations) come after the run completes: wait for the worker's line.
        await Eventually(() => app.Logs.GetSnapshot().Any(r => r.Id.Id == 211), "the job to finish");
    }

    private static byte[] Payload(string baseSha, string headSha)
    {
        var json = JsonNode.Parse(File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json")))!;
        json["pull_request"]!["head"]!["sha"] = headSha;
        json["pull_request"]!["base"]!["sha"] = baseSha;
        return System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
    }
}
