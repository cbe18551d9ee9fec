using System.Net;
using Octokit;
using ReviewBot.GitHub;
using ReviewBot.Publishing;

namespace ReviewBot.Tests.Publishing;

public class LookFirstTests
{
    private static ApiException BadGateway() => new("Bad Gateway", HttpStatusCode.BadGateway);

    [Test]
    public async Task ALostAnswer_IsLookedFor_AndWhatLandedIsReturnedWithoutSendingAgain()
    {
        var creates = 0;

        var result = await LookFirst.CreateAsync<string>(() => { creates++; throw BadGateway(); }, () => Task.FromResult<string?>("landed"));

        Assert.That(result, Is.EqualTo("landed"));
        Assert.That(creates, Is.EqualTo(1));
    }

    [Test]
    public async Task ALostAnswerThatDidNotLand_IsSentAgain_UpToTheAttempts()
    {
        var creates = 0;

        await Assert.ThatAsync(() => LookFirst.CreateAsync<string>(() => { creates++; throw BadGateway(); }, () => Task.FromResult<string?>(null)),
            Throws.InstanceOf<ApiException>());
        Assert.That(creates, Is.EqualTo(LookFirst.Attempts));
    }

    [Test]
    public async Task AWriteThatTimedOutAndLandsAfterTheFirstLook_IsFoundByTheSecondLook_AndNotSentAgain()
    {
        var (creates, looks) = (0, 0);
        var before = LookFirst.SettleDelay;
        LookFirst.SettleDelay = TimeSpan.FromMilliseconds(20);
        try
        {
            // The create's answer timed out while GitHub was still making it: the first look is too early to see it.
            var result = await LookFirst.CreateAsync<string>(() => { creates++; throw new Polly.Timeout.TimeoutRejectedException(); },
                () => Task.FromResult(++looks == 1 ? null : "landed"));

            Assert.That((result, creates, looks), Is.EqualTo(("landed", 1, 2)));
        }
        finally
        {
            LookFirst.SettleDelay = before;
        }
    }

    [Test]
    public async Task ALostAnswerThatCannotBeLookedFor_IsNotSentAgain()
    {
        var creates = 0;

        await Assert.ThatAsync(() => LookFirst.CreateAsync<string>(() => { creates++; throw BadGateway(); }, find: null),
            Throws.InstanceOf<UnknownOutcomeException>());
        Assert.That(creates, Is.EqualTo(1));
    }

    [Test]
    public async Task ALostAnswerWhoseLookFailsToo_IsNotSentAgain()
    {
        var creates = 0;

        await Assert.ThatAsync(() => LookFirst.CreateAsync<string>(() => { creates++; throw BadGateway(); },
                () => throw new HttpRequestException("connection reset")),
            Throws.InstanceOf<UnknownOutcomeException>());
        Assert.That(creates, Is.EqualTo(1));
    }

    [Test]
    public async Task ARefusal_IsThrownAsItCame_WithoutLooking()
    {
        var looked = false;

        await Assert.ThatAsync(() => LookFirst.CreateAsync<string>(() => throw new ApiValidationException(),
                () => { looked = true; return Task.FromResult<string?>(null); }),
            Throws.InstanceOf<ApiValidationException>());
        Assert.That(looked, Is.False);
    }
}
