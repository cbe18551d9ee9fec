using System.Diagnostics;
using System.Net;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Hosting;

/// <summary>
/// The service as a user runs it (its own process, default resilience settings) against a GitHub whose every read
/// stalls 35 s, the stall that used to stop the process after 101 s: it keeps answering, and the review ends with one
/// clear log line. Real time, about three minutes.
/// </summary>
public sealed class StalledGitHubTests : FakeGitHubTest
{
    [Test]
    [CancelAfter(300_000)]
    public async Task A_GitHub_whose_reads_all_stall_leaves_the_service_answering_for_three_minutes_and_the_review_ends_with_a_clear_message()
    {
        var sha = "7638417db6d59f3c431d3e1f261cc637155684cd";
        var pr = GitHub.AddPullRequest("acme/stalled", 7, sha, installationId: 1);
        GitHub.Faults = new FaultSchedule(share: 1)
        {
            Kinds = [FaultKind.Stall],
            OnlyMethod = "GET",
            MaxInARow = int.MaxValue,
            Stall = TimeSpan.FromSeconds(35),
        };
        await using var service = ServiceProcess.Start(new Dictionary<string, string>
        {
            ["GitHub__WebhookSecret"] = ReviewBotApplication.Secret,
            ["GitHub__AppId"] = ReviewBotApplication.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GitHub__PrivateKey"] = TestKeys.PrivateKeyPem,
            ["GitHub__ApiBaseUrl"] = GitHub.BaseUrl.ToString(),
            ["Workspace__Root"] = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "stalled-" + Guid.NewGuid().ToString("N")[..8]),
        });
        await service.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();

        using var http = new HttpClient { BaseAddress = service.Url, Timeout = TimeSpan.FromSeconds(5) };
        using (var delivery = await http.SendAsync(WebhookSigner.Delivery("pull_request", PullRequestWebhooks.PullRequest(pr, "opened"), ReviewBotApplication.Secret)))
        {
            Assert.That(delivery.StatusCode, Is.EqualTo(HttpStatusCode.OK), await delivery.Content.ReadAsStringAsync());
        }
        var answered = 0;
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            Assert.That(service.HasExited, Is.False, $"the service stopped after {clock.Elapsed}: {service.StandardOutput}");
            using var health = await http.GetAsync("healthz");
            Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"at {clock.Elapsed}");
            answered++;
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        using var last = await http.GetAsync("healthz");

        TestContext.Out.WriteLine($"/healthz answered {answered + 1} times over {clock.Elapsed}; GitHub saw {GitHub.Requests.Count(r => r.Fault is not null)} stalled reads");
        Assert.That(last.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(service.StandardOutput, Does.Contain("Did not review acme/stalled#7 at " + sha + ": could not create or find its check run (GitHub did not answer in time)"));
        Assert.That(GitHub.CheckRunsFor(sha), Is.Empty, "nothing created blindly while GitHub could not say what exists");
    }
}
