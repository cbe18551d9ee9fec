using ReviewBot.Reviews;

namespace ReviewBot.Tests.Feedback;

public sealed class SuppressionTests
{
    private static Finding Finding(string path, string title, string fingerprint = "feedfacefeedface") =>
        new(path, 12, 12, DiffSide.Head, Priority.P1, 0.9, title, "why", [], null, false, fingerprint);

    private static readonly Suppression Rule = new("a1b2c3", "src/Billing/Invoice.cs", "Loop skips the first invoice line", "👎 by @alice on #2", "0123456789abcdef");

    [Test]
    public void The_same_fingerprint_on_the_path_matches_whatever_the_title() =>
        Assert.That(Rule.Matches(Finding("src/Billing/Invoice.cs", "Something else", "0123456789abcdef")), Is.True);

    [Test]
    public void Mostly_the_same_title_words_on_the_path_match() =>
        Assert.That(Rule.Matches(Finding("src/Billing/Invoice.cs", "The loop skips the first line")), Is.True);

    [Test]
    public void Another_claim_on_the_path_does_not_match() =>
        Assert.That(Rule.Matches(Finding("src/Billing/Invoice.cs", "Total ignores the discount rounding")), Is.False);

    [Test]
    public void The_same_claim_on_another_path_does_not_match() =>
        Assert.That(Rule.Matches(Finding("src/Billing/Checkout.cs", "Loop skips the first invoice line", "0123456789abcdef")), Is.False);

    [Test]
    public void A_glob_a_maintainer_widened_matches_the_files_under_it() =>
        Assert.That((Rule with { PathGlob = "src/Billing/**" }).Matches(Finding("src/Billing/Sub/Lines.cs", "Loop skips the first invoice line")), Is.True);

    [Test]
    public void A_finding_dropped_by_a_rule_has_its_own_cause() =>
        Assert.That(new DroppedFinding("feedback", "rule a1b2c3 …", "t", "p", 1) { Rule = Rule }.Cause, Is.EqualTo("suppressed-by-feedback"));
}
