using ReviewBot.Evaluation.Reports;

namespace ReviewBot.Tests.Evaluation.Reports;

public sealed class UntrustedTextTests
{
    [Test]
    public void CuttingLongText_EndsInAnEllipsis_AndNeverSplitsASurrogatePair()
    {
        var text = "abc🐛def";

        Assert.That(UntrustedText.Cut(text, 5), Is.EqualTo("abc…"), "the bug emoji would have been cut in half");
        Assert.That(UntrustedText.Cut(text, 6), Is.EqualTo("abc🐛…"));
        Assert.That(UntrustedText.Cut(text, 8), Is.EqualTo(text));
    }

    [Test]
    public void ControlsAndBidiOverrides_BecomeSpaces_NewlinesOnlyWhenAsked()
    {
        Assert.That(UntrustedText.Blank("a\u001b[2Jb\nc\u202Ed\u2066e"), Is.EqualTo("a [2Jb c d e"));
        Assert.That(UntrustedText.Blank("a\nb\rc", keepNewlines: true), Is.EqualTo("a\nb c"));
    }
}
