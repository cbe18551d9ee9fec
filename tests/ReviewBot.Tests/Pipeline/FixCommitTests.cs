using ReviewBot.Pipeline;

namespace ReviewBot.Tests.Pipeline;

/// <summary>The model's summary becomes commit text that cannot forge a trailer or close an issue on merge.</summary>
public sealed class FixCommitTests
{
    [Test]
    public void Trailer_lines_in_the_summary_are_dropped_so_no_co_author_or_sign_off_can_be_forged()
    {
        var text = FixCommit.CommitText("Return the sum.\nCo-authored-by: Mallory <m@evil.example>\n  Signed-off-by: Mallory <m@evil.example>\nThe loop was fine.");

        Assert.That(text, Is.EqualTo("Return the sum.\nThe loop was fine."));
    }

    [TestCase("This fixes #12.", "This fixes issue #12.")]
    [TestCase("Closes octo-org/other#3 and resolves: #4", "Closes issue octo-org/other#3 and resolves issue #4")]
    [TestCase("fixed https://github.com/o/r/issues/9", "fixed issue https://github.com/o/r/issues/9")]
    [TestCase("Fix the null check in #12's parser", "Fix the null check in #12's parser")]
    public void Closing_keywords_are_neutralised_so_merging_closes_nothing(string summary, string expected) =>
        Assert.That(FixCommit.CommitText(summary), Is.EqualTo(expected));
}
