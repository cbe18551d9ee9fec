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
    private readonly List<string?> _bodies = [];
    private readonly List<bool> _marked = [];

    /// <summary>GitHub's answer to too many requests too fast, as it comes: a 403 with only this body, no hint of how long.</summary>
    private const string SecondaryLimitBody = """{"documentation_url":"https://docs.github.com/en/free-pro-team@latest/rest/overview/resources-in-the-rest-api#secondary-rate-limits","message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}""";

    private HttpMessageInvoker Invoker(TimeSpan? maxWait = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new GitHubOptions { MinMutationInterval = TimeSpan.FromSeconds(1), MaxRateLimitWait = maxWait ?? TimeSpan.FromMinutes(5) });
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

    [Test]
    public async Task A_secondary_rate_limit_without_a_hint_waits_a_minute_then_twice_as_long_and_sends_again()
    {
        _answers.Enqueue(() => Forbidden(SecondaryLimitBody));
        _answers.Enqueue(() => Forbidden(SecondaryLimitBody));
        using var invoker = Invoker();

        var call = invoker.SendAsync(Request(HttpMethod.Post, "ghs_g"), CancellationToken.None);
        await Task.Delay(50);
        _time.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(50);
        Assert.That(_sent, Has.Count.EqualTo(1), "not before a minute");
        _time.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        _time.Advance(TimeSpan.FromSeconds(120));
        using var response = await call;

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Gaps(), Is.EqualTo(new[] { TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2) }));
    }

    [Test]
    public async Task A_403_with_retry_after_waits_as_told()
    {
        _answers.Enqueue(() =>
        {
            var limited = Forbidden(SecondaryLimitBody);
            limited.Headers.RetryAfter = new(TimeSpan.FromSeconds(7));
            return limited;
        });
        using var invoker = Invoker();

        var call = invoker.SendAsync(Request(HttpMethod.Get, "ghs_h"), CancellationToken.None);
        await Task.Delay(50);
        _time.Advance(TimeSpan.FromSeconds(7));
        using var response = await call;

        Assert.That(Gaps(), Is.EqualTo(new[] { TimeSpan.FromSeconds(7) }));
    }

    [Test]
    public async Task A_403_with_the_limit_spent_and_no_reset_waits_like_a_secondary_limit()
    {
        _answers.Enqueue(() =>
        {
            var limited = new HttpResponseMessage(HttpStatusCode.Forbidden);
            limited.Headers.Add("x-ratelimit-remaining", "0");
            return limited;
        });
        using var invoker = Invoker();

        var call = invoker.SendAsync(Request(HttpMethod.Get, "ghs_i"), CancellationToken.None);
        await Task.Delay(50);
        _time.Advance(TimeSpan.FromMinutes(1));
        using var response = await call;

        Assert.That(Gaps(), Is.EqualTo(new[] { TimeSpan.FromMinutes(1) }));
    }

    [Test]
    public async Task A_403_that_refuses_a_permission_is_returned_at_once_and_not_sent_again()
    {
        _answers.Enqueue(() => Forbidden("""{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest/checks/runs#create-a-check-run","status":"403"}"""));
        using var invoker = Invoker();

        using var response = await invoker.SendAsync(Request(HttpMethod.Post, "ghs_j"), CancellationToken.None);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Resource not accessible"), "the body is still there for Octokit");
        Assert.That(_sent, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Waits_stop_at_the_budget_and_the_rate_limited_answer_is_returned_with_its_body()
    {
        for (var i = 0; i < 3; i++)
        {
            _answers.Enqueue(() => Forbidden(SecondaryLimitBody));
        }
        using var invoker = Invoker(maxWait: TimeSpan.FromMinutes(2));

        var call = invoker.SendAsync(Request(HttpMethod.Get, "ghs_k"), CancellationToken.None);
        await Task.Delay(50);
        _time.Advance(TimeSpan.FromMinutes(1));
        using var response = await call;

        Assert.That(_sent, Has.Count.EqualTo(2), "a minute, and then two more would pass the budget of two");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("secondary rate limit"));
    }

    [Test]
    public async Task A_rate_limited_write_is_sent_again_with_its_body_and_its_safe_to_repeat_mark()
    {
        _answers.Enqueue(() => new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new(TimeSpan.FromSeconds(1)) } });
        using var invoker = Invoker();
        using var request = Request(HttpMethod.Patch, "ghs_l");
        request.Options.Set(GitHubRequests.SafeToRepeat, true);

        var call = invoker.SendAsync(request, CancellationToken.None);
        await Task.Delay(50);
        _time.Advance(TimeSpan.FromSeconds(1));
        using var response = await call;

        Assert.That(_bodies, Is.EqualTo(new[] { "{\"name\":\"x\"}", "{\"name\":\"x\"}" }));
        Assert.That(_marked, Is.EqualTo(new[] { true, true }));
    }

    [Test]
    public async Task GitHub_saying_retry_after_zero_forever_is_not_followed_forever()
    {
        for (var i = 0; i < 50; i++)
        {
            _answers.Enqueue(() => new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new(TimeSpan.Zero) } });
        }
        using var invoker = Invoker();

        using var response = await invoker.SendAsync(Request(HttpMethod.Get, "ghs_m"), CancellationToken.None);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(_sent, Has.Count.EqualTo(1 + GitHubPacingHandler.MaxResends));
    }

    private static HttpResponseMessage Forbidden(string body) =>
        new(HttpStatusCode.Forbidden) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };

    private List<TimeSpan> Gaps() => _sent.Zip(_sent.Skip(1), (a, b) => b.At - a.At).ToList();

    private sealed class Recorder(GitHubPacingHandlerTests test) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            test._sent.Add((request.Method, test._time.GetUtcNow()));
            test._bodies.Add(request.Content?.ReadAsStringAsync(cancellationToken).GetAwaiter().GetResult());
            test._marked.Add(request.Options.TryGetValue(GitHubRequests.SafeToRepeat, out var marked) && marked);
            return Task.FromResult(test._answers.TryDequeue(out var answer) ? answer() : new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
