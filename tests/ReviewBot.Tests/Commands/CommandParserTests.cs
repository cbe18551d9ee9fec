using ReviewBot.Commands;

namespace ReviewBot.Tests.Commands;

public class CommandParserTests
{
    private const string Mention = "@agent";

    [TestCase("@agent review", "review", "")]
    [TestCase("Thanks! @agent review please", "review", "please")]
    [TestCase("@Agent Help.", "help", "")]
    [TestCase("@agent", "", "")]
    [TestCase("Looks odd.\n\n@agent explain why this loops", "explain", "why this loops")]
    [TestCase("- @agent review", "review", "")]
    [TestCase("`code` then @agent review", "review", "")]
    [TestCase("<!-- hidden --> @agent review", "review", "")]
    [TestCase("```\ncode\n```\n@agent review", "review", "")]
    [TestCase("text\n    @agent review", "review", "")]
    public void Parse_AMentionInProse_IsACommand(string text, string verb, string arguments) =>
        Assert.That(CommandParser.Parse(text, Mention), Is.EqualTo(new ParsedCommand(verb, arguments)));

    [TestCase("```\n@agent review\n```")]
    [TestCase("~~~yaml\n@agent review\n~~~")]
    [TestCase("````\n```\n@agent review\n````")]
    [TestCase("```\nunclosed fence hides the rest\n@agent review")]
    [TestCase("Use `@agent review` to ask for a review.")]
    [TestCase("Use ``@agent `review` `` like this.")]
    [TestCase("<!-- @agent review -->")]
    [TestCase("<!--\n@agent review\n-->")]
    [TestCase("<!-- unterminated\n@agent review")]
    [TestCase("> @agent review")]
    [TestCase("   > @agent review")]
    [TestCase("Intro\n\n    @agent review")]
    [TestCase("\t@agent review")]
    [TestCase("@agents review")]
    [TestCase("me@agent.dev review")]
    [TestCase("@agent-smith review")]
    [TestCase("@org/agent review")]
    [TestCase("@copilot review")]
    [TestCase("")]
    public void Parse_AMentionThatIsNotProse_IsNoCommand(string text) =>
        Assert.That(CommandParser.Parse(text, Mention), Is.Null);

    [Test]
    public void Parse_CrLfLines_AreReadLikeLf() =>
        Assert.That(CommandParser.Parse("```\r\n@agent review\r\n```\r\n@agent help", Mention), Is.EqualTo(new ParsedCommand("help", "")));

    [Test]
    public void Parse_AHugeCommentWithoutAMention_IsReadInLinearTime()
    {
        var text = string.Concat(Enumerable.Repeat("`a` <!-- x --> ```\n", 20_000)) + new string('`', 100_000);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.That(CommandParser.Parse(text, Mention), Is.Null);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
    }
}
