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
    [TestCase("`code` fixed. @agent review", "review", "")]
    [TestCase("Intro. <!-- hidden --> @agent review", "review", "")]
    [TestCase("```\ncode\n```\n@agent review", "review", "")]
    [TestCase("text\n    @agent review", "review", "")]
    [TestCase("Use `<!--` to open a comment.\n@agent review", "review", "")]
    [TestCase("```\n<!--\n```\n@agent review\n-->", "review", "")]
    [TestCase("```not`a fence\n\n@agent review", "review", "")]
    [TestCase("\\`not code\\`: @agent review", "review", "")]
    [TestCase("- item\n\n    @agent review", "review", "")]
    [TestCase("| a | b |\n|---|---|\n| x | @agent review |", "review", "")]
    [TestCase("<details>\n\n@agent review\n\n</details>", "review", "")]
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
    [TestCase("```\ncode\n    ```\n@agent review\n```")]
    [TestCase("```\n<!-- -->```\n@agent review\n```")]
    [TestCase("- ```\n  @agent review\n  ```")]
    [TestCase("1. ```\n   @agent review\n   ```")]
    [TestCase("- > @agent review")]
    [TestCase("> quoted\n@agent review")]
    [TestCase(" \t@agent review")]
    [TestCase("```\nx\n```\n    @agent review")]
    [TestCase("# Title\n    @agent review")]
    [TestCase("x\r> @agent review")]
    [TestCase("x\r\r    @agent review")]
    [TestCase("Try `\n@agent review\n` here")]
    [TestCase("<pre>\n@agent review\n</pre>")]
    [TestCase("See <code>@agent review</code>.")]
    [TestCase("<img alt=\"@agent review\" src=\"x.png\">")]
    [TestCase("[x]: /url \"@agent review\"")]
    [TestCase("[@agent review](https://example.com)")]
    [TestCase("I agree with @agent's review")]
    [TestCase("Please don't @agent fix this, I will do it myself.")]
    [TestCase("Last time @agent review was noisy.")]
    [TestCase("Thanks @agent!")]
    [TestCase("`code` then @agent review")]
    [TestCase("")]
    public void Parse_AMentionThatIsNotProse_IsNoCommand(string text) =>
        Assert.That(CommandParser.Parse(text, Mention), Is.Null);

    [Test]
    public void Parse_CrLfLines_AreReadLikeLf() =>
        Assert.That(CommandParser.Parse("```\r\n@agent review\r\n```\r\n@agent help", Mention), Is.EqualTo(new ParsedCommand("help", "")));

    [TestCase('*')]
    [TestCase('_')]
    [TestCase('[')]
    [TestCase('>')]
    [TestCase('`')]
    public void Parse_DeeplyNestedMarkup_DoesNotOverflowASmallStack(char markup)
    {
        // As long as GitHub allows a comment to be, on a stack far smaller than a thread pool thread's.
        var text = new string(markup, 32_000) + "@agent review" + new string(markup, 32_000);
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                CommandParser.Parse(text, Mention);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }, maxStackSize: 256 * 1024);

        thread.Start();

        Assert.That(thread.Join(TimeSpan.FromSeconds(30)), Is.True);
        Assert.That(failure, Is.Null);
    }

    [Test]
    public void Parse_AHugeCommentWithoutAMention_IsReadInLinearTime()
    {
        var text = string.Concat(Enumerable.Repeat("`a` <!-- x --> ```\n", 20_000)) + new string('`', 100_000);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.That(CommandParser.Parse(text, Mention), Is.Null);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
    }
}
