using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Feedback;

/// <summary>Feedback off the happy path: a broken store file, hostile replies, GitHub failing the reactions call.</summary>
public sealed class FeedbackFailureTests : FeedbackTest
{
    [Test]
    public async Task A_corrupt_store_file_is_moved_aside_and_the_review_goes_on_and_learns_anew()
    {
        var comment = await ReviewedWithTheLoopAsync();
        Directory.CreateDirectory(FeedbackDirectory);
        File.WriteAllText(StorePath, "{\"rules\": [ {\"id\": ");
        GitHub.React(comment, "-1", Alice);
        (comment.Resolved, comment.ResolvedBy) = (true, Alice.Login);

        FakeCheckRun run;
        await using (var app = App())
        {
            await DeliverAsync(app, "check_run", RerunPayload());
            run = await CompletedRunAsync(Head, 2);
            Assert.That(app.Logs.GetSnapshot().Count(l => l.Id.Id == 1701), Is.EqualTo(1), "one clear log line");
        }

        var aside = Directory.GetFiles(FeedbackDirectory, "*.corrupt-*");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(aside, Has.Length.EqualTo(1));
            Assert.That(File.ReadAllText(aside[0]), Is.EqualTo("{\"rules\": [ {\"id\": "), "kept as it was, for a person to look at");
            Assert.That(run.Conclusion, Is.EqualTo("success"));
            Assert.That(RuleIds(), Has.Count.EqualTo(1), "the 👎 is learned into a new file");
            Assert.That(Summary(run), Does.Contain("Suppressed by feedback"));
        }
    }

    [Test]
    public async Task A_huge_reply_is_read_only_at_its_start_and_a_unicode_one_makes_a_short_rule()
    {
        var comment = await ReviewedWithTheLoopAsync();
        GitHub.Permissions["bob"] = "write";
        GitHub.AddReviewComment(Pull, Invoice, 12, string.Concat(Enumerable.Repeat("🙂 ünïcödé text ", 4_000)) + " this is not a bug", Alice, inReplyTo: comment.Id);
        GitHub.AddReviewComment(Pull, Invoice, 12, "Это не баг 🙂 — by design, 見てください " + new string('x', 60_000), new FakeAccount("bob", "User"), inReplyTo: comment.Id);

        await RerunAsync();

        var rules = Store()["rules"]!.AsArray();
        Assert.That(rules.Select(r => r!["why"]!.GetValue<string>()), Is.EqualTo(new[] { "@bob replied \"by design\" on #2" }));
    }

    [Test]
    public async Task Reactions_are_listed_for_no_more_comments_a_look_than_set_and_the_rest_wait_for_the_next()
    {
        Model.Default = _ => FakeModelReply.Review("partial", "Two problems.", Loop(), Discount());
        await ReviewOpenedAsync();
        foreach (var comment in GitHub.ReviewComments.Where(c => c.InReplyTo is null).ToList())
        {
            GitHub.React(comment, "-1", Alice);
        }
        Settings["Feedback:MaxReactionReads"] = "1";

        await RerunAsync();
        var first = (ReactionReads(), RuleIds().Count);
        await RerunAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.EqualTo((1, 1)));
            Assert.That((ReactionReads(), RuleIds().Count), Is.EqualTo((2, 2)));
        }
    }

    [Test]
    public async Task A_thumbs_down_by_a_bot_is_ignored_without_asking_github_about_it()
    {
        var comment = await ReviewedWithTheLoopAsync();
        GitHub.Permissions["dependabot[bot]"] = "write";
        GitHub.React(comment, "-1", new FakeAccount("dependabot[bot]", "Bot"));

        await RerunAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ReactionReads(), Is.EqualTo(1), "the reactions were read");
            Assert.That(File.Exists(StorePath) ? RuleIds() : [], Is.Empty);
            Assert.That(GitHub.Requests.Count(r => r.FromBot && r.Path.Contains("/collaborators/", StringComparison.Ordinal)), Is.Zero);
        }
    }

    [TestCase(FaultKind.BadGateway)]
    [TestCase(FaultKind.TooManyRequests)]
    public async Task A_failing_reactions_call_leaves_the_review_posted_and_the_thumbs_down_is_read_next_time(FaultKind fault)
    {
        var comment = await ReviewedWithTheLoopAsync();
        GitHub.React(comment, "-1", Alice);
        (comment.Resolved, comment.ResolvedBy) = (true, Alice.Login);
        GitHub.Faults = new FaultSchedule().Always("GET", "/reactions", fault);

        var failed = await RerunAsync();
        var rulesThen = File.Exists(StorePath) ? RuleIds().Count : 0;
        GitHub.Faults = null;
        var next = await RerunAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(failed.Conclusion, Is.EqualTo("neutral"), "the review was done and posted");
            Assert.That(LoopComments(), Has.Count.EqualTo(2), "posted by the re-run whose reactions could not be read");
            Assert.That(rulesThen, Is.EqualTo(0));
            Assert.That(Summary(next), Does.Contain("Suppressed by feedback"));
            Assert.That(LoopComments(), Has.Count.EqualTo(2), "not posted a third time");
        }
    }
}
