using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Testing;
using ReviewBot.Jobs;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Jobs;

/// <summary>
/// Every line a job logs, whichever class writes it, says which repository, pull request, head commit, delivery and job it
/// is about; with <c>Logging__Console__FormatterName=json</c> the console writes those as JSON fields.
/// </summary>
public class JobScopeTests
{
    private static readonly byte[] Delivery = File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json"));

    private static readonly string HeadSha = JsonNode.Parse(Delivery)!["pull_request"]!["head"]!["sha"]!.GetValue<string>();

    [Test]
    public async Task Every_line_a_job_logs_carries_its_repository_pull_request_head_delivery_and_job_id()
    {
        await using var github = await FakeGitHub.StartAsync();
        // The fake knows no pull request of Codertocat/Hello-World: the job's calls about it are 404s, which it logs.
        await using var app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(github));
        using var client = app.CreateClient();
        using var request = WebhookSigner.Delivery("pull_request", Delivery, ReviewBotApplication.Secret);
        var deliveryId = request.Headers.GetValues("X-GitHub-Delivery").Single();

        using var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await WaitForAsync(app, r => r.Id.Id == 215);

        var ofTheJob = app.Logs.GetSnapshot().Where(r => Field(r, "JobId") is not null).ToList();
        var failed = ofTheJob.SingleOrDefault(r => r.Id.Id == 215);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(failed, Is.Not.Null, "the worker's own line about the failed job is inside the scope");
            Assert.That(ofTheJob.Select(r => r.Category).Distinct().ToList(), Has.Count.GreaterThan(1), "lines of other classes are too");
            Assert.That(ofTheJob.Select(r => Field(r, "Repository")), Has.All.EqualTo("Codertocat/Hello-World"));
            Assert.That(ofTheJob.Select(r => Field(r, "PullRequest")), Has.All.EqualTo(2));
            Assert.That(ofTheJob.Select(r => Field(r, "HeadSha")), Has.All.EqualTo(HeadSha));
            Assert.That(ofTheJob.Select(r => Field(r, "DeliveryId")), Has.All.EqualTo(deliveryId));
            Assert.That(ofTheJob.Select(r => Field(r, "JobId")), Has.All.EqualTo(deliveryId), "a delivery's first job has its id");
        }
    }

    [Test]
    public async Task With_the_json_console_formatter_each_line_is_one_json_object_and_a_job_line_has_its_fields()
    {
        await using var github = await FakeGitHub.StartAsync();
        await using var service = ServiceProcess.Start(new Dictionary<string, string>
        {
            ["Logging__Console__FormatterName"] = "json",
            ["GitHub__WebhookSecret"] = ReviewBotApplication.Secret,
            ["GitHub__AppId"] = ReviewBotApplication.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GitHub__PrivateKey"] = TestKeys.PrivateKeyPem,
            ["GitHub__ApiBaseUrl"] = github.BaseUrl.ToString(),
            ["Workspace__Root"] = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "json-" + Guid.NewGuid().ToString("N")[..8]),
        });
        await service.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = service.Url, Timeout = TimeSpan.FromSeconds(10) };
        using var request = WebhookSigner.Delivery("pull_request", Delivery, ReviewBotApplication.Secret);
        var deliveryId = request.Headers.GetValues("X-GitHub-Delivery").Single();

        using var response = await http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        JsonObject? failed = null;
        for (var i = 0; i < 500 && failed is null; i++)
        {
            await Task.Delay(20);
            failed = Lines(service).FirstOrDefault(l => l["EventId"]?.GetValue<int>() == 215);
        }

        Assert.That(failed, Is.Not.Null, service.RecentOutput);
        var scope = failed!["Scopes"]!.AsArray().OfType<JsonObject>().SingleOrDefault(s => s.ContainsKey("JobId"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(service.StandardOutput.Split('\n').Where(l => l.Length > 0).Select(Parses), Has.All.True, "every line is JSON");
            Assert.That(failed["Category"]!.GetValue<string>(), Is.EqualTo("ReviewBot.Jobs.JobWorker"));
            Assert.That(scope?["Repository"]?.GetValue<string>(), Is.EqualTo("Codertocat/Hello-World"), failed.ToJsonString());
            Assert.That(scope?["PullRequest"]?.GetValue<int>(), Is.EqualTo(2));
            Assert.That(scope?["HeadSha"]?.GetValue<string>(), Is.EqualTo(HeadSha));
            Assert.That(scope?["DeliveryId"]?.GetValue<string>(), Is.EqualTo(deliveryId));
            Assert.That(scope?["JobId"]?.GetValue<string>(), Is.EqualTo(deliveryId));
        }
    }

    [Test]
    public void A_job_without_a_pull_request_has_no_repository_or_number_in_its_scope_and_says_only_what_it_has()
    {
        var job = Job.ForInstallation("d-9", new InstallationChange("installation", 9, "octo-org", "created", []));

        var scope = JobScope.Of(job);

        Assert.That(scope.ToDictionary(p => p.Key, p => p.Value), Is.EqualTo(new Dictionary<string, object?>
        {
            ["Repository"] = null, ["PullRequest"] = null, ["HeadSha"] = null, ["DeliveryId"] = null, ["JobId"] = "d-9",
        }));
        Assert.That(scope.ToString(), Is.EqualTo("JobId:d-9"));
    }

    private static IEnumerable<JsonObject> Lines(ServiceProcess service) =>
        service.StandardOutput.Split('\n').Where(Parses).Select(l => JsonNode.Parse(l)!.AsObject());

    private static bool Parses(string line)
    {
        try
        {
            return JsonNode.Parse(line) is JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static object? Field(FakeLogRecord record, string name) =>
        record.Scopes.OfType<IEnumerable<KeyValuePair<string, object?>>>().SelectMany(s => s).FirstOrDefault(p => p.Key == name).Value;

    private static async Task WaitForAsync(ReviewBotApplication app, Func<FakeLogRecord, bool> match)
    {
        for (var i = 0; i < 500 && !app.Logs.GetSnapshot().Any(match); i++)
        {
            await Task.Delay(20);
        }
    }
}
