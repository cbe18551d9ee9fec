using System.Net;
using ReviewBot.Cli;

namespace ReviewBot.Tests.Cli;

/// <summary>The progress line a person at a terminal sees while a review runs.</summary>
public sealed class ReviewProgressTests
{
    [Test]
    public async Task Each_model_answer_and_its_tokens_are_counted_on_one_rewritten_line()
    {
        using var error = new StringWriter();
        var progress = new ReviewProgress(error);
        using var handler = progress.CreateHandler();
        handler.InnerHandler = new Answer("""{"id":"x","usage":{"prompt_tokens":1200,"completion_tokens":34,"total_tokens":1234}}""");
        using var client = new HttpClient(handler);

        (await client.PostAsync(new Uri("http://model.test/v1/chat/completions"), new StringContent("{}"))).Dispose();
        using var second = await client.PostAsync(new Uri("http://model.test/v1/chat/completions"), new StringContent("{}"));
        var body = await second.Content.ReadAsStringAsync();
        var shown = error.ToString();
        progress.Finish();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(body, Does.Contain("prompt_tokens"), "the model client still reads the whole answer");
            Assert.That(shown, Does.Contain("reviewing: 1 model answer(s), 1 running, tokens 1200 in / 34 out"));
            Assert.That(shown, Does.Contain("reviewing: 2 model answer(s), 0 running, tokens 2400 in / 68 out"));
            Assert.That(shown, Does.Not.Contain('\n'), "one line, rewritten in place");
            Assert.That(error.ToString(), Does.EndWith("\r"), "finishing clears the line");
        }
    }

    [Test]
    public void Nothing_is_shown_on_a_writer_that_is_not_the_terminal() =>
        Assert.That(ReviewProgress.Wanted(new StringWriter()), Is.False);

    private sealed class Answer(string json) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
            });
    }
}
