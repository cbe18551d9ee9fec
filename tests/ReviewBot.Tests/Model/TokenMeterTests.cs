using ReviewBot.Model;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Model;

/// <summary>
/// Every model call's tokens, as the provider reported them, reach whoever attributed the work, call by call: an answer
/// that could not be used still cost what it cost, and a crash after a call has already counted it.
/// </summary>
public sealed class TokenMeterTests : ModelClientTest
{
    private static readonly ModelPrompt Prompt = new("Instructions.", "", "Request.");

    [Test]
    public async Task An_answer_that_could_not_be_used_reports_each_of_its_calls_as_it_is_made()
    {
        Scripted.Then(FakeModelReply.Content("not json", promptTokens: 700, cachedTokens: 0, completionTokens: 30))
            .Then(FakeModelReply.Content("still not json", promptTokens: 800, cachedTokens: 0, completionTokens: 40));
        var reported = new List<TokenUsage>();

        ModelAnswer<Answer> answer;
        using (TokenMeter.Attribute(usage => Record(reported, usage)))
        {
            answer = await Client.CompleteAsync<Answer>(Prompt, Schema, CancellationToken.None);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answer.Value, Is.Null);
            Assert.That(reported, Is.EqualTo(new[] { new TokenUsage(700, 0, 30, 1), new TokenUsage(800, 0, 40, 1) }));
        }
    }

    [Test]
    public async Task Tool_conversation_turns_are_reported_too()
    {
        Scripted.Then(FakeModelReply.Content("done", promptTokens: 500, cachedTokens: 0, completionTokens: 20));
        var reported = new List<TokenUsage>();
        var conversation = Client.StartConversation(Prompt, [new ModelTool("noop", "Does nothing.", """{"type":"object","properties":{},"additionalProperties":false}""")]);

        using (TokenMeter.Attribute(usage => Record(reported, usage)))
        {
            await conversation.NextAsync(CancellationToken.None);
        }

        Assert.That(reported, Is.EqualTo(new[] { new TokenUsage(500, 0, 20, 1) }));
    }

    [Test]
    public async Task Calls_outside_a_scope_go_to_no_one_and_an_inner_scope_gives_way_to_the_outer_one()
    {
        Scripted.Default = _ => FakeModelReply.Content("""{"value":"ok"}""", promptTokens: 100, cachedTokens: 0, completionTokens: 1);
        var outer = new List<TokenUsage>();
        var inner = new List<TokenUsage>();

        await Client.CompleteAsync<Answer>(Prompt, Schema, CancellationToken.None);
        using (TokenMeter.Attribute(usage => Record(outer, usage)))
        {
            using (TokenMeter.Attribute(usage => Record(inner, usage)))
            {
                await Client.CompleteAsync<Answer>(Prompt, Schema, CancellationToken.None);
            }
            await Client.CompleteAsync<Answer>(Prompt, Schema, CancellationToken.None);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Scripted.Requests, Has.Count.EqualTo(3));
            Assert.That(inner, Has.Count.EqualTo(1));
            Assert.That(outer, Has.Count.EqualTo(1));
        }
    }

    private static ValueTask Record(List<TokenUsage> into, TokenUsage usage)
    {
        into.Add(usage);
        return ValueTask.CompletedTask;
    }
}
