using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Spending;

/// <summary>Spend limits end to end: past a limit the check run says which one and when it resets, and the model is not called.</summary>
public sealed class SpendLimitEndToEndTests : SpendTest
{
    [Test]
    public async Task A_review_past_the_repositorys_daily_limit_is_refused_with_the_limit_and_the_next_day_reviews_again()
    {
        await using var app = App(new Dictionary<string, string?> { ["Spend:RepositoryTokensPerDay"] = "1000" });
        using var client = app.CreateClient();

        var first = await ReviewAsync(client);
        var calls = Model.Requests.Count;
        var refused = await ReviewAsync(client);
        var callsWhenRefused = Model.Requests.Count;
        At("2026-12-03T00:00:01Z");
        var nextDay = await ReviewAsync(client);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Conclusion, Is.EqualTo("success"), "nothing was spent yet, so the first review runs");
            Assert.That(calls, Is.EqualTo(1));
            Assert.That(refused.Conclusion, Is.EqualTo("neutral"));
            Assert.That(Title(refused), Is.EqualTo("Not reviewed: repository's daily token limit is reached"));
            Assert.That(Summary(refused), Does.Contain("the repository's daily token limit of 1,000 tokens is reached")
                .And.Contain($"{ReviewTokens:N0} tokens were spent today (UTC)")
                .And.Contain("It resets at 2026-12-03 00:00 UTC")
                .And.Contain("Spend:RepositoryTokensPerDay"));
            Assert.That(callsWhenRefused, Is.EqualTo(calls), "the refused review never called the model");
            Assert.That(nextDay.Conclusion, Is.EqualTo("success"), "a new UTC day is a new window");
            Assert.That(Model.Requests, Has.Count.EqualTo(2));
        }
    }

    [Test]
    public async Task A_monthly_limit_holds_on_the_next_day_and_reopens_with_the_next_month()
    {
        At("2026-12-30T12:00:00Z");
        await using var app = App(new Dictionary<string, string?> { ["Spend:InstallationTokensPerMonth"] = "2000" });
        using var client = app.CreateClient();

        var first = await ReviewAsync(client);
        var second = await ReviewAsync(client);
        At("2026-12-31T23:59:59Z");
        var nextDay = await ReviewAsync(client);
        At("2027-01-01T00:00:00Z");
        var nextMonth = await ReviewAsync(client);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Conclusion, Is.EqualTo("success"));
            Assert.That(second.Conclusion, Is.EqualTo("success"), $"{ReviewTokens} of 2,000 spent leaves room to start");
            Assert.That(Title(nextDay), Is.EqualTo("Not reviewed: installation's monthly token limit is reached"));
            Assert.That(Summary(nextDay), Does.Contain("the installation's monthly token limit of 2,000 tokens")
                .And.Contain($"{2 * ReviewTokens:N0} tokens were spent this month (UTC)")
                .And.Contain("It resets at 2027-01-01 00:00 UTC"));
            Assert.That(nextMonth.Conclusion, Is.EqualTo("success"));
            Assert.That(Model.Requests, Has.Count.EqualTo(3));
        }
    }

    [Test]
    public async Task A_repositorys_limit_stops_only_that_repository_and_an_installations_limit_stops_all_of_its_repositories()
    {
        await using var app = App(new Dictionary<string, string?>
        {
            ["Spend:RepositoryTokensPerDay"] = "1000",
            ["Spend:InstallationTokensPerDay"] = "2000",
        });
        using var client = app.CreateClient();

        await ReviewAsync(client, "Codertocat/Hello-World");
        var sameRepository = await ReviewAsync(client, "Codertocat/Hello-World");
        var otherRepository = await ReviewAsync(client, "Codertocat/Other");
        var otherInstallation = await ReviewAsync(client, "Octo-Org/Elsewhere", installationId: 2);
        var thirdRepository = await ReviewAsync(client, "Codertocat/Third");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Title(sameRepository), Does.Contain("repository's daily"));
            Assert.That(otherRepository.Conclusion, Is.EqualTo("success"), "another repository has its own budget");
            Assert.That(otherInstallation.Conclusion, Is.EqualTo("success"), "another installation has its own budget");
            Assert.That(Title(thirdRepository), Does.Contain("installation's daily"), "two repositories' reviews spent the installation's 2,000");
            Assert.That(Summary(thirdRepository), Does.Contain("the installation's daily token limit of 2,000 tokens"));
            Assert.That(Model.Requests, Has.Count.EqualTo(3));
        }
    }
}
