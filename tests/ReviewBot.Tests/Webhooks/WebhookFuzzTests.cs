using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Webhooks;

/// <summary>
/// The service as its own process, with workers on and a GitHub to talk to, fed 2,000 mutated signed deliveries made from
/// the real examples. None may get a 5xx, the process must be alive and answering at the end, memory must stay within
/// a bound, and refusals must not fill the log with stack traces. The by-hand run of 10,000 is tests/ReviewBot.Benchmarks/fuzz.sh.
/// </summary>
[NonParallelizable]
public class WebhookFuzzTests
{
    /// <summary>2,000 in the suite; tests/ReviewBot.Benchmarks/fuzz.sh sets REVIEWBOT_FUZZ_DELIVERIES=10000.</summary>
    private static readonly int Deliveries =
        int.TryParse(Environment.GetEnvironmentVariable("REVIEWBOT_FUZZ_DELIVERIES"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 2_000;
    private const int Concurrency = 8;

    /// <summary>Measured growth over 2,000 deliveries is stated in the README; this bound leaves room for GC timing.</summary>
    private const long MaxGrowthBytes = 120L * 1024 * 1024;

    [Test]
    public async Task MutatedDeliveries_GetNo5xx_AndTheServiceStaysUpWithinItsMemory()
    {
        await using var github = await FakeGitHub.StartAsync();
        await using var service = await StartAsync(github);
        using var http = new HttpClient { BaseAddress = service.Url, Timeout = TimeSpan.FromSeconds(30) };
        var fuzzer = new WebhookFuzzer(WebhookFuzzer.Examples(Path.Combine(TestResources.Root, "webhooks")), seed: 20261201, ReviewBotApplication.AppId);

        await SendAsync(http, fuzzer, 200);
        var before = service.ResidentBytes();
        var statuses = new ConcurrentDictionary<int, int>();
        var samples = new List<long>();
        for (var sent = 0; sent < Deliveries; sent += 1000)
        {
            foreach (var (status, count) in await SendAsync(http, fuzzer, Math.Min(1000, Deliveries - sent)))
            {
                statuses.AddOrUpdate(status, count, (_, n) => n + count);
            }

            samples.Add(service.ResidentBytes() >> 20);
        }

        await Task.Delay(2000);
        using var health = await http.GetAsync("healthz");
        var after = service.ResidentBytes();

        var summary = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));
        await TestContext.Out.WriteLineAsync($"statuses {summary}; RSS {before >> 20} MB -> {after >> 20} MB (every 1,000: {string.Join(", ", samples)} MB); {service.OutputLines} log lines, {service.StackTraceLines} stack-trace lines");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(statuses.Keys.Where(s => s >= 500), Is.Empty, summary);
            Assert.That(service.HasExited, Is.False, service.RecentOutput);
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(after - before, Is.LessThan(MaxGrowthBytes), $"RSS {before >> 20} MB -> {after >> 20} MB");
            Assert.That(service.StackTraceLines, Is.Zero, service.RecentOutput);
            Assert.That(statuses.GetValueOrDefault(200) + statuses.GetValueOrDefault(400), Is.EqualTo(Deliveries), summary);
        }
    }

    /// <summary>The payloads that once stopped the service from a background loop, now refused at the door.</summary>
    [TestCase("installation", "id", "1.5")]
    [TestCase("installation", "id", "1e30")]
    [TestCase("repository", "name", "null")]
    [TestCase("repository.owner", "login", "null")]
    public async Task APayloadThatOnceStoppedTheService_Gets400_AndTheProcessStaysUp(string parent, string field, string json)
    {
        await using var github = await FakeGitHub.StartAsync();
        await using var service = await StartAsync(github);
        using var http = new HttpClient { BaseAddress = service.Url, Timeout = TimeSpan.FromSeconds(30) };
        var payload = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TestResources.Webhook("pull_request", "opened.2.payload.json")))!;
        parent.Split('.').Aggregate(payload, (node, segment) => node[segment]!)[field] = System.Text.Json.Nodes.JsonNode.Parse(json);

        using var response = await http.SendAsync(WebhookSigner.Delivery("pull_request", payload.ToJsonString(), ReviewBotApplication.Secret));
        await Task.Delay(1000);
        using var health = await http.GetAsync("healthz");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(service.HasExited, Is.False, service.RecentOutput);
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static async Task<ServiceProcess> StartAsync(FakeGitHub github)
    {
        var service = ServiceProcess.Start(new Dictionary<string, string>
        {
            ["GitHub__WebhookSecret"] = ReviewBotApplication.Secret,
            ["GitHub__AppId"] = ReviewBotApplication.AppId.ToString(CultureInfo.InvariantCulture),
            ["GitHub__PrivateKey"] = TestKeys.PrivateKeyPem,
            ["GitHub__ApiBaseUrl"] = github.BaseUrl.ToString(),
            ["GitHub__MinMutationInterval"] = "00:00:00",
            ["GitHub__Resilience__Retry__Delay"] = "00:00:00.010",
            ["Jobs__Workers"] = "2",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        await service.WaitUntilHealthyAsync(TimeSpan.FromSeconds(30));
        return service;
    }

    private static async Task<ConcurrentDictionary<int, int>> SendAsync(HttpClient http, WebhookFuzzer fuzzer, int count)
    {
        var statuses = new ConcurrentDictionary<int, int>();
        var deliveries = new ConcurrentQueue<(string Event, byte[] Body, string Mutation)>(Enumerable.Range(0, count).Select(_ => fuzzer.Next()));
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            while (deliveries.TryDequeue(out var delivery))
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/github/webhooks") { Content = new ByteArrayContent(delivery.Body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Add("X-GitHub-Event", delivery.Event);
                request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
                request.Headers.Add("X-Hub-Signature-256", WebhookFuzzer.Sign(ReviewBotApplication.Secret, delivery.Body));
                using var response = await http.SendAsync(request);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                if ((int)response.StatusCode >= 500)
                {
                    await TestContext.Out.WriteLineAsync($"{(int)response.StatusCode} for {delivery.Event} ({delivery.Mutation}): {await response.Content.ReadAsStringAsync()}");
                }
            }
        }));
        return statuses;
    }
}
