using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Hosting;

/// <summary>The README's run command, as a user meets it: a real process configured by environment variables.</summary>
public class ServiceStartupTests
{
    [Test]
    public async Task WithOnlyAWebhookSecret_TheServiceStarts_AndAnswersHealthz()
    {
        await using var service = ServiceProcess.Start(new Dictionary<string, string> { ["GitHub__WebhookSecret"] = "local-secret" });

        var took = await service.WaitUntilHealthyAsync(TimeSpan.FromSeconds(30));

        Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public async Task WithoutAWebhookSecret_TheServiceStops_WithExitCode2_AndSaysWhatToSet()
    {
        await using var service = ServiceProcess.Start(new Dictionary<string, string>());

        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(service.StandardError, Does.Contain("GitHub:WebhookSecret is not set").And.Contain("GitHub__WebhookSecret"));
    }
}
