using ReviewBot.Webhooks;

namespace ReviewBot.Tests.Webhooks;

public class HeaderValueTests
{
    [TestCase("queued review o/r#1", "queued review o/r#1")]
    [TestCase("caf\u00e9", "caf%C3%A9")]
    [TestCase("a\r\nb", "a%0D%0Ab")]
    [TestCase("50%", "50%25")]
    [TestCase("\ud83d\ude00", "%F0%9F%98%80")]
    public void Encode_KeepsPrintableAscii_AndPercentEncodesTheRest(string text, string expected) =>
        Assert.That(HeaderValue.Encode(text, 200), Is.EqualTo(expected));

    [Test]
    public void Encode_ALoneSurrogate_BecomesTheReplacementCharacter() =>
        Assert.That(HeaderValue.Encode("lone " + (char)0xD83D + " surrogate", 200), Is.EqualTo("lone %EF%BF%BD surrogate"));

    [Test]
    public void Encode_CapsTheLength_WithoutCuttingAnEscape()
    {
        var encoded = HeaderValue.Encode(new string('\u00e9', 1000), 200);

        Assert.That(encoded, Has.Length.InRange(195, 200));
        Assert.That(Uri.UnescapeDataString(encoded), Is.EqualTo(new string('\u00e9', encoded.Length / 6)));
    }
}
