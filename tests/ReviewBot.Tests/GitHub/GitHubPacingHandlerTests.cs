using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ReviewBot.GitHub;

namespace ReviewBot.Tests.GitHub;

/// <summary>GitHub's manners with injected time: nothing here sleeps.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class GitHubPacingHandlerTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-24T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly List<(HttpMethod Method, DateTimeOffset At)> _sent = [];
    private readonly Queue<Func<HttpResponseMessage>> _answers = new();

    private HttpMessageInvoker Invoker(TimeSpan? maxWait = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new GitHubOptions { MinMutationInterval = TimeSpan.FromSeconds(1), MaxRateLimitWait = maxWait ?? TimeSpan.FromMinutes(1) });
        var handler = new GitHubPacingHandler(options, _time, NullLogger<GitHubPacingHandler>.Instance) { InnerHandler = new Recorder(this) };
        return new HttpMessageInvoker(handler);
    }

    private static HttpRequestMessage Request(HttpMethod method, string token)
    {
        var request = new HttpRequestMessage(method, "https://api.github.test/repos/o/r/check-runs");
        request.Headers.TryAddWithoutValidation("Authorization", $"token {token}-{Guid.NewGuid()}".Split('-')[0]);
        if (method != HttpMethod.Get)
        {
            request.Content = new StringContent("{\"name\":\"x\"}");
        }
        return request;
    }

    [Test]
    public async Task Mutations_with_one_token_go_one_at_a_time_and_a_second_apart()
    {
        using var invoker = Invoker();
        using var first = await invoker.SendAsync(Request(HttpMethod.Post, "ghs_a"), CancellationToken.None);

        var second = invoker.SendAsync(Request(HttpMethod.Patch, "ghs_a"), CancellationToken.None);
        await Task.Delay(50);
        Assert.That(second.IsCompleted, Is.False, "waits for the second to pass");
        _time.Advance(TimeSpan.FromSeconds(1));
        using var response = await second;

        Assert.That(_sent[1].At - _sent[0].At, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public async Task Reads_and_other_tokens_are_not_held_back()
    {
        using var invoker = Invoker();
        using var first = await invoker.SendAsync(Request(HttpMethod.Post, "ghs_b"), CancellationToken.None);

        using var read = await invoker.SendAsync(Request(HttpMethod.Get, "ghs_b"), CancellationToken.None);
        using var other = await invoker.SendAsync(Request(HttpMethod.Post, "ghs_c"), CancellationToken.None);

        Assert.That(_sent, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task A_429_with_retry_after_waits_as_told_and_sends_again()
    {
        _answers.Enqueue(() => new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new(TimeSpan.FromSeconds(5)) } });
        using var invoker = Invoker();

        var call = invoker.SendAsync(Request(HttpMethod.Post, "ghs_d"), CancellationToken.None);
        await Task.Delay(50);
        Assert.That(call.IsCompleted, Is.False);
        _time.Advance(TimeSpan.FromSeconds(5));
        using var response = await call;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_sent, Has.Count.EqualTo(2));
        Assert.That(_sent[1].At - _sent[0].At, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task A_403_with_the_primary_limit_spent_waits_until_the_reset()
    {
        var reset = _time.GetUtcNow().AddSeconds(30).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        _answers.Enqueue(() =>
        {
            var limited = new HttpResponseMessage(HttpStatusCode.Forbidden);
            limited.Headers.Add("x-ratelimit-remaining", "0");
            limited.Headers.Add("x-ratelimit-reset", reset);
            return limited;
        });
        using var invoker = Invoker();

        var call = invoker.SendAsync(Request(HttpMethod.Get, "ghs_e"), CancellationToken.None);
        await Task.Delay(50);
        _time.Advance(TimeSpan.FromSeconds(30));
        using var response = await call;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_sent[1].At - _sent[0].At, Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public async Task A_wait_longer_than_allowed_is_not_waited_and_the_answer_is_returned()
    {
        _answers.Enqueue(() => new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new(TimeSpan.FromHours(1)) } });
        using var invoker = Invoker(maxWait: TimeSpan.FromSeconds(10));

        using var response = await invoker.SendAsync(Request(HttpMethod.Get, "ghs_f"), CancellationToken.None);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(_sent, Has.Count.EqualTo(1));
    }

    private sealed class Recorder(GitHubPacingHandlerTests test) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            test._sent.Add((request.Method, test._time.GetUtcNow()));
            return Task.FromResult(test._answers.TryDequeue(out var answer) ? answer() : new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
