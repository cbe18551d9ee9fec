using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using ReviewBot.Spending;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Spending;

/// <summary>Spend settings are checked at startup: a wrong one stops the service naming it, and none means no limit.</summary>
public sealed class SpendOptionsTests
{
    [TestCase("Spend:InstallationTokensPerDay", "-1", "InstallationTokensPerDay")]
    [TestCase("Spend:RepositoryTokensPerMonth", "-500", "RepositoryTokensPerMonth")]
    [TestCase("Spend:ReservationLifetime", "00:00:10", "ReservationLifetime")]
    [TestCase("Spend:ReservationLifetime", "2.00:00:00", "ReservationLifetime")]
    public void A_setting_out_of_range_is_refused_naming_it(string key, string value, string name)
    {
        using var services = Services(new() { [key] = value });

        Assert.That(() => services.GetRequiredService<IOptions<SpendOptions>>().Value,
            Throws.TypeOf<OptionsValidationException>().With.Message.Contains(name));
    }

    [TestCase("Installation")]
    [TestCase("Repository")]
    public void A_days_limit_above_its_months_is_refused_because_it_could_never_be_reached(string scope)
    {
        using var services = Services(new() { [$"Spend:{scope}TokensPerDay"] = "5000", [$"Spend:{scope}TokensPerMonth"] = "4000" });

        Assert.That(() => services.GetRequiredService<IOptions<SpendOptions>>().Value,
            Throws.TypeOf<OptionsValidationException>().With.Message.Contains($"Spend:{scope}TokensPerDay is above Spend:{scope}TokensPerMonth"));
    }

    [Test]
    public void A_limit_that_is_not_a_number_is_refused_naming_it()
    {
        using var services = Services(new() { ["Spend:RepositoryTokensPerDay"] = "lots" });

        Assert.That(() => services.GetRequiredService<IOptions<SpendOptions>>().Value,
            Throws.InstanceOf<InvalidOperationException>().With.Message.Contains("Spend:RepositoryTokensPerDay"));
    }

    [Test]
    public void Without_settings_there_is_no_limit()
    {
        using var services = Services(new());

        var options = services.GetRequiredService<IOptions<SpendOptions>>().Value;

        Assert.That(new[] { options.InstallationTokensPerDay, options.InstallationTokensPerMonth, options.RepositoryTokensPerDay, options.RepositoryTokensPerMonth },
            Is.All.EqualTo(0));
    }

    [Test]
    public async Task The_service_stops_at_startup_with_exit_code_2_naming_a_wrong_spend_setting()
    {
        await using var service = ServiceProcess.Start(new Dictionary<string, string>
        {
            ["GitHub__WebhookSecret"] = "local-secret",
            ["Spend__RepositoryTokensPerDay"] = "9000",
            ["Spend__RepositoryTokensPerMonth"] = "100",
        });

        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(service.StandardError, Does.Contain("Spend:RepositoryTokensPerDay is above Spend:RepositoryTokensPerMonth"));
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSpending();
        return builder.Services.BuildServiceProvider();
    }
}
