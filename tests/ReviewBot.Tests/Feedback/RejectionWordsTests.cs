using ReviewBot.Feedback;

namespace ReviewBot.Tests.Feedback;

public sealed class RejectionWordsTests
{
    [TestCase("This is a false positive.", "false positive")]
    [TestCase("Not a bug: index 0 is the header.", "not a bug")]
    [TestCase("not an issue here", "not an issue")]
    [TestCase("That's wrong, the list starts with a header.", "wrong")]
    [TestCase("Incorrect.", "incorrect")]
    [TestCase("Won\u2019t fix", "won't fix")]
    [TestCase("This is by design", "by design")]
    [TestCase("It is intended.", "intended")]
    [TestCase("FALSE POSITIVE", "false positive")]
    [TestCase("это false positive ✓", "false positive")]
    public void A_reply_that_says_the_finding_is_wrong_is_found(string reply, string phrase) =>
        Assert.That(RejectionWords.Find(reply), Is.EqualTo(phrase));

    [TestCase("Good catch, fixing it.")]
    [TestCase("This is not wrong, thanks!")]
    [TestCase("It isn't intended, will fix.")]
    [TestCase("Is this wrong?")]
    [TestCase("> The loop is wrong\n\nThanks, fixed.")]
    [TestCase("```\nwrong\n```\nfixed")]
    [TestCase("The `wrong` variable is renamed.")]
    [TestCase("The wrongly named field is renamed.")]
    [TestCase("")]
    public void A_reply_that_does_not_say_so_is_not_a_rejection(string reply) =>
        Assert.That(RejectionWords.Find(reply), Is.Null);

    [Test]
    public void Only_the_start_of_a_huge_reply_is_read()
    {
        var reply = new string('x', RejectionWords.MaxRead) + " false positive";

        Assert.That(RejectionWords.Find(reply), Is.Null);
    }
}
