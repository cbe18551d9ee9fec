using Microsoft.Extensions.Time.Testing;
using ReviewBot.GitHub;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.GitHub;

public class InstallationTokenProviderTests : FakeGitHubTest
{
    [Test]
    public async Task Token_IsMintedOnce_ReusedUntilNearExpiry_ThenMintedAgain()
    {
        GitHub.TokenLifetime = TimeSpan.FromHours(1);
        await using var app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub));
        _ = app.CreateClient();
        var tokens = app.Services.GetRequiredService<InstallationTokenProvider>();

        var first = await tokens.GetTokenAsync(7);
        var second = await tokens.GetTokenAsync(7);
        Assert.That((second.Token, GitHub.TokensMinted), Is.EqualTo((first.Token, 1)));

        // A provider whose clock is 56 minutes on: inside the 5-minute refresh margin, so it mints a fresh token.
        var later = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(56));
        var laterTokens = ActivatorUtilities.CreateInstance<InstallationTokenProvider>(app.Services, later);
        var third = await laterTokens.GetTokenAsync(7);

        Assert.That(third.Token, Is.Not.EqualTo(first.Token));
        Assert.That(GitHub.TokensMinted, Is.EqualTo(2));
    }

    [Test]
    public async Task DeletedInstallation_DropsItsCachedToken()
    {
        await using var app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub));
        using var client = app.CreateClient();
        var tokens = app.Services.GetRequiredService<InstallationTokenProvider>();
        await tokens.GetTokenAsync(2);

        using var response = await client.SendAsync(WebhookSigner.Delivery("installation",
            File.ReadAllBytes(TestResources.Webhook("installation", "deleted.1.payload.json")), ReviewBotApplication.Secret));
        await Eventually(() => app.Logs.GetSnapshot().Any(r => r.Message.Contains("Dropped the cached token of installation 2", StringComparison.Ordinal)), "the token to be dropped");
        await tokens.GetTokenAsync(2);

        Assert.That(GitHub.TokensMinted, Is.EqualTo(2));
    }
}
