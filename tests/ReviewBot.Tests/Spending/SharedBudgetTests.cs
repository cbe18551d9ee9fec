using ReviewBot.Tests.TestSupport;
using static ReviewBot.Tests.TestSupport.FakeModelReply;

namespace ReviewBot.Tests.Spending;

/// <summary>Two instances on one Redis count one budget: reviews started together on both go past it by at most one review.</summary>
[NonParallelizable]
public sealed class SharedBudgetTests : SpendTest
{
    [Test]
    public async Task Two_instances_share_one_budget_and_reviews_started_together_do_not_overspend_by_more_than_one_review()
    {
        var redis = RedisTestServer.FreshDatabase();
        // Redis expires counters at their window's end by its own clock, so the test's days are ahead of the real one.
        var now = DateTimeOffset.UtcNow;
        Clock.SetUtcNow(new DateTimeOffset(now.Year, now.Month, 1, 10, 0, 0, TimeSpan.Zero).AddMonths(1));
        var settings = new Dictionary<string, string?> { ["Spend:RepositoryTokensPerDay"] = "2000" };
        await using var first = App(settings, redis);
        await using var second = App(settings, redis);
        using var firstClient = await first.CreateConnectedClientAsync();
        using var secondClient = await second.CreateConnectedClientAsync();

        var learned = await ReviewAsync(firstClient);
        // Both the next reviews are in flight at once: each model answer takes a while.
        Model.Default = _ => Review("matches", "Does what it says.") with { Delay = TimeSpan.FromSeconds(2) };
        var racing = await Task.WhenAll(OpenAsync(firstClient), OpenAsync(secondClient));
        var runs = await Task.WhenAll(racing.Select(CompletedAsync));
        var refused = runs.Where(r => r.Conclusion == "neutral").ToList();
        At(Clock.GetUtcNow().AddDays(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Model.Default = _ => Review("matches", "Does what it says.");
        var nextDay = await ReviewAsync(secondClient);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(learned.Conclusion, Is.EqualTo("success"));
            Assert.That(runs.Count(r => r.Conclusion == "success"), Is.EqualTo(1), "1,350 spent and 1,350 held by the one in flight leave no room for a second");
            Assert.That(refused, Has.Count.EqualTo(1));
            Assert.That(Summary(refused.Single()), Does.Contain("the repository's daily token limit of 2,000 tokens is reached")
                .And.Contain("1,350 tokens were spent today (UTC), and 1,350 tokens are held by reviews in progress"));
            Assert.That(Model.Requests, Has.Count.EqualTo(3), "the first review, one of the two racing, and the next day's");
            Assert.That(nextDay.Conclusion, Is.EqualTo("success"), "the next day's window reopens on the other instance too");
        }
    }
}
