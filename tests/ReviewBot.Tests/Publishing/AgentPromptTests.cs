using Markdig;
using ReviewBot.Publishing;
using ReviewBot.Reviews;

namespace ReviewBot.Tests.Publishing;

/// <summary>Every inline finding hands off to the user's own coding agent: a collapsed prompt with the path, lines, problem, evidence and direction.</summary>
public sealed class AgentPromptTests
{
    private const string Head = "0123456789abcdef0123456789abcdef01234567";

    private static Finding Finding(string title = "Total skips the discount", string explanation = "The loop adds `price` instead of `DiscountedPrice()`.",
        string? replacement = "total += item.DiscountedPrice();", string quote = "total += item.Price;") =>
        new("src/Invoice.cs", 12, 14, DiffSide.Head, Priority.P1, 0.9, title, explanation,
            [new Evidence("src/Invoice.cs", 13, DiffSide.Head, quote)], replacement, false, "00000000000000aa");

    [Test]
    public void The_prompt_names_the_path_lines_commit_problem_evidence_and_direction()
    {
        var prompt = AgentPrompt.For(Finding(), Head);

        Assert.That(prompt, Does.StartWith("In src/Invoice.cs lines 12-14 at commit 0123456789ab: Total skips the discount"));
        Assert.That(prompt, Does.Contain("The loop adds `price` instead of `DiscountedPrice()`."));
        Assert.That(prompt, Does.Contain("- src/Invoice.cs:13: total += item.Price;"));
        Assert.That(prompt, Does.Contain("replace those lines with:\ntotal += item.DiscountedPrice();"));
    }

    [Test]
    public void Every_inline_finding_comment_carries_the_prompt_collapsed_before_its_marker()
    {
        var body = ReviewComposer.Body(Finding(), Head, 14, suggestion: true);

        Assert.That(body, Does.Contain("<details><summary>Prompt for your coding agent</summary>"));
        Assert.That(body.IndexOf("Prompt for your coding agent", StringComparison.Ordinal), Is.LessThan(body.IndexOf("<!-- reviewbot:finding", StringComparison.Ordinal)));
        Assert.That(Markers.FindingIn(body), Is.Not.Null, "the marker still ends the body");
    }

    [Test]
    public void Model_text_in_the_prompt_renders_as_code_so_it_cannot_mention_link_or_close_the_block()
    {
        var hostile = "@org/team see ![x](https://evil.example/p.png) [click](https://evil.example) </details> <img src=x onerror=alert(1)>\n````\n```\nescaped";
        var body = ReviewComposer.Body(Finding(title: hostile, explanation: hostile, replacement: hostile, quote: hostile), Head, 14, suggestion: false);

        var html = Markdown.ToHtml(body[body.IndexOf("<details><summary>Prompt", StringComparison.Ordinal)..], new MarkdownPipelineBuilder().UseAdvancedExtensions().Build());

        Assert.That(html, Does.Not.Contain("<img").And.Not.Contain("<a href"));
        var prompt = body[body.IndexOf("<details><summary>Prompt", StringComparison.Ordinal)..];
        Assert.That(prompt, Does.Not.Contain("![").And.Not.Contain("](https://evil").And.Not.Contain("@org/team"), "defanged even where it would not render");
        Assert.That(html, Does.Contain("<pre><code class=\"language-text\">"), "the prompt stays one code block");
        Assert.That(html, Does.Contain("run the repository's tests.\n</code></pre>"), "no backtick run inside closes the fence early");
    }

    [Test]
    public void A_huge_finding_gives_a_prompt_within_its_cap_and_without_half_surrogates_or_control_characters()
    {
        var huge = new string('x', 50_000) + "\u0007\ud800" + "🚀";
        var prompt = AgentPrompt.For(Finding(title: huge, explanation: huge, replacement: huge, quote: huge), Head);

        Assert.That(prompt, Has.Length.LessThanOrEqualTo(AgentPrompt.MaxLength));
        Assert.That(prompt, Does.Not.Contain("\u0007"));
        Assert.That(prompt.Any(char.IsSurrogate) && !prompt.Contains("🚀", StringComparison.Ordinal), Is.False, "no half of a pair");
        Assert.That(prompt, Does.Contain("smallest change"), "a long replacement is not pasted; the direction says what to do");
    }

    [Test]
    public void A_file_level_finding_on_removed_code_says_so()
    {
        var finding = Finding() with { FileLevel = true, Side = DiffSide.Base };

        Assert.That(AgentPrompt.For(finding, Head), Does.StartWith("In src/Invoice.cs (removed code) at commit"));
    }
}
