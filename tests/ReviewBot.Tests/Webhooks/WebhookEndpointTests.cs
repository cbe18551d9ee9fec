using System.Net;
using System.Text;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Webhooks;

namespace ReviewBot.Tests.Webhooks;

public class WebhookEndpointTests : WebhookTest
{
    [TestCaseSource(typeof(WebhookExamples), nameof(WebhookExamples.All))]
    public async Task SignedExample_IsAcknowledged_WithTheDocumentedJobs_AndItsRedeliveryMakesNone(WebhookExamples.Example example)
    {
        var body = example.Body();
        var delivery = Guid.NewGuid().ToString();

        using var first = await Client.SendAsync(WebhookSigner.Delivery(example.Event, body, ReviewBotApplication.Secret, delivery));
        var afterFirst = App.Queue.Pending;
        using var again = await Client.SendAsync(WebhookSigner.Delivery(example.Event, body, ReviewBotApplication.Secret, delivery));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), await first.Content.ReadAsStringAsync());
            Assert.That(afterFirst, Has.Count.EqualTo(example.Jobs), first.Headers.TryGetValues(WebhookIngestProcessor.OutcomeHeader, out var o) ? string.Join(";", o) : "");
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(App.Queue.Pending, Has.Count.EqualTo(example.Jobs), "a redelivery must not queue a second job");
        }

        if (example.Kind is { } kind)
        {
            Assert.That(afterFirst.Select(j => j.Kind), Is.All.EqualTo(kind));
            Assert.That(afterFirst.Select(j => j.Id.Split('/')[0]), Is.All.EqualTo(delivery));
        }
    }

    [Test]
    public async Task WrongSignature_Is400_AndQueuesNothing()
    {
        var body = File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json"));
        using var response = await Client.SendAsync(WebhookSigner.Delivery("pull_request", body, "not the secret"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(App.Queue.Pending, Is.Empty);
    }

    [Test]
    public async Task MissingSignature_Is400_AndQueuesNothing()
    {
        var body = File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json"));
        using var response = await Client.SendAsync(WebhookSigner.Delivery("pull_request", body, secret: null));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(App.Queue.Pending, Is.Empty);
    }

    [TestCase("{\"action\": \"opened\", ", TestName = "Truncated JSON")]
    [TestCase("<xml/>", TestName = "Not JSON at all")]
    [TestCase("[1, 2]", TestName = "JSON that is not an object")]
    [TestCase("{\"action\":\"opened\",\"number\":1,\"repository\":{\"full_name\":\"o/r\"}}", TestName = "pull_request without pull_request.head.sha")]
    [TestCase("{\"action\":\"opened\",\"number\":\"one\",\"pull_request\":{\"head\":{\"sha\":\"abc\"}},\"repository\":{\"full_name\":\"o/r\"}}", TestName = "pull_request whose number is a string")]
    public async Task MalformedBody_Is400_WithAShortReason(string body)
    {
        using var response = await Client.SendAsync(WebhookSigner.Delivery("pull_request", body, ReviewBotApplication.Secret));
        var reason = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(reason, Is.Not.Empty.And.Length.LessThan(300));
        Assert.That(App.Queue.Pending, Is.Empty);
    }

    [Test]
    public async Task UnknownEventName_Is200_AndIgnored()
    {
        using var response = await Client.SendAsync(WebhookSigner.Delivery("made_up_event", "{\"action\":\"whatever\"}", ReviewBotApplication.Secret));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(App.Queue.Pending, Is.Empty);
    }

    [Test]
    public async Task UnknownActionOfAKnownEvent_Is200_AndIgnored()
    {
        var body = File.ReadAllText(TestResources.Webhook("pull_request", "opened.2.payload.json"))
            .Replace("\"action\": \"opened\"", "\"action\": \"made_up_action\"", StringComparison.Ordinal);
        Assert.That(body, Does.Contain("made_up_action"));

        using var response = await Client.SendAsync(WebhookSigner.Delivery("pull_request", body, ReviewBotApplication.Secret));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(App.Queue.Pending, Is.Empty);
    }

    [Test]
    public async Task DraftPullRequest_IsIgnoredUntilReady()
    {
        var body = File.ReadAllText(TestResources.Webhook("pull_request", "opened.2.payload.json"))
            .Replace("\"draft\": false", "\"draft\": true", StringComparison.Ordinal);
        Assert.That(body, Does.Contain("\"draft\": true"));

        using var response = await Client.SendAsync(WebhookSigner.Delivery("pull_request", body, ReviewBotApplication.Secret));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(App.Queue.Pending, Is.Empty);
    }

    [Test]
    public async Task BodyOver25MB_Is413()
    {
        var body = new byte[(25 * 1024 * 1024) + 1];
        Array.Fill(body, (byte)' ');
        using var response = await Client.SendAsync(WebhookSigner.Delivery("pull_request", body, ReviewBotApplication.Secret));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(App.Queue.Pending, Is.Empty);
    }

    [Test]
    public async Task MissingDeliveryHeader_Is400()
    {
        var body = File.ReadAllBytes(TestResources.Webhook("pull_request", "opened.2.payload.json"));
        using var request = WebhookSigner.Delivery("pull_request", body, ReviewBotApplication.Secret);
        request.Headers.Remove("X-GitHub-Delivery");

        using var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("X-GitHub-Delivery"));
    }

    [Test]
    public async Task FormEncodedBody_Is400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookSigner.Path)
        {
            Content = new StringContent("payload=%7B%7D", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-GitHub-Event", "ping");
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());

        using var response = await Client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
