using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ReviewBot.GitHub;

namespace ReviewBot.Tests.GitHub;

public sealed class JsonContentTypeHandlerTests
{
    private sealed class Recorder : HttpMessageHandler
    {
        public string? ContentType { get; private set; }
        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            ContentType = request.Content?.Headers.ContentType?.ToString();
            Body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }

    private static async Task<Recorder> SendAsync(HttpContent? content)
    {
        var recorder = new Recorder();
        using var invoker = new HttpMessageInvoker(new JsonContentTypeHandler { InnerHandler = recorder });
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://api.github.test/repos/o/r/check-runs") { Content = content };
        using var response = await invoker.SendAsync(request, CancellationToken.None);
        return recorder;
    }

    [TestCase("{\"name\":\"x\"}")]
    [TestCase("  \n[1, 2]")]
    [TestCase("{\"title\":\"日本語 🎉\"}")]
    public async Task A_json_body_that_Octokit_labels_as_a_form_goes_out_as_application_json_unchanged(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/x-www-form-urlencoded");

        var sent = await SendAsync(content);

        Assert.That(sent.ContentType, Is.EqualTo("application/json; charset=utf-8"));
        Assert.That(sent.Body, Is.EqualTo(json));
    }

    [Test]
    public async Task A_body_that_is_not_json_keeps_its_label()
    {
        using var content = new StringContent("a=1&b=2", Encoding.UTF8, "application/x-www-form-urlencoded");

        var sent = await SendAsync(content);

        Assert.That(sent.ContentType, Does.StartWith("application/x-www-form-urlencoded"));
    }

    [Test]
    public async Task A_request_without_a_body_passes_through()
    {
        var sent = await SendAsync(null);

        Assert.That(sent.ContentType, Is.Null);
    }
}
