namespace ReviewBot.Tests.TestSupport;

/// <summary>
/// Base for tests that talk to the fake GitHub. After each test, every request the bot sent (and every answer the fake
/// gave it) is checked against GitHub's OpenAPI description, so neither side can drift from GitHub.
/// </summary>
public abstract class FakeGitHubTest
{
    protected FakeGitHub GitHub { get; private set; } = null!;

    [SetUp]
    public async Task StartFakeGitHub() => GitHub = await FakeGitHub.StartAsync();

    [TearDown]
    public async Task CheckRequestsAgainstOpenApi()
    {
        try
        {
            var problems = GitHub.Requests.Where(r => r.FromBot).SelectMany(r => GitHubOpenApi.Problems(r).Select(p => $"{r}: {p}")).ToList();
            Assert.That(problems, Is.Empty, "requests or answers that disagree with GitHub's OpenAPI description");
        }
        finally
        {
            await GitHub.DisposeAsync();
        }
    }

    protected Task Eventually(Func<bool> condition, string what, int timeoutMs = 10_000) => Eventually(condition, () => what, timeoutMs);

    /// <param name="what">Read at the timeout, so it can say what the state was then.</param>
    protected async Task Eventually(Func<bool> condition, Func<string> what, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"Timed out waiting for: {what()}. GitHub saw: {string.Join(", ", GitHub.Requests)}");
            }

            await Task.Delay(10);
        }
    }
}
