using ReviewBot.Tests.TestSupport;
using static ReviewBot.Tests.TestSupport.FakeModelReply;

namespace ReviewBot.Tests.Feedback;

/// <summary>
/// Learning from feedback on the fake GitHub with the scripted model: a rejection by someone with write access becomes a
/// rule that keeps the finding off later reviews (the check run says so), <c>@agent forget</c> undoes it, and the rules
/// live on disk, not in the cache.
/// </summary>
public sealed class FeedbackEndToEndTests : FeedbackTest
{
    [Test]
    public async Task A_thumbs_down_by_a_writer_keeps_the_finding_off_a_rerun_and_the_check_run_names_the_rule()
    {
        var comment = await ReviewedWithTheLoopAsync();
        GitHub.React(comment, "-1", Alice);
        // Alice also resolved the thread: nothing open says the finding was posted, so only the rule can keep it off.
        (comment.Resolved, comment.ResolvedBy) = (true, Alice.Login);

        var run = await RerunAsync();

        var rule = Store()["rules"]!.AsArray().Single()!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(LoopComments(), Has.Count.EqualTo(1), "the finding is not posted again");
            Assert.That(rule["claim"]!.GetValue<string>(), Is.EqualTo("Loop skips the first invoice line"));
            Assert.That(rule["path"]!.GetValue<string>(), Is.EqualTo(Invoice));
            Assert.That(rule["why"]!.GetValue<string>(), Is.EqualTo("👎 by @alice on #2"));
            Assert.That(rule["id"]!.GetValue<string>(), Does.Match("^[0-9a-f]{6}$"));
            Assert.That(Summary(run), Does.Contain("**Suppressed by feedback:** 1 finding(s) not posted")
                .And.Contain($"rule `{rule["id"]}` on `{Invoice}`: \"Loop skips the first invoice line\""));
            Assert.That(Store()["rejected"]!.GetValue<int>(), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task A_thumbs_down_keeps_the_finding_off_a_later_push_that_edits_its_line()
    {
        var comment = await ReviewedWithTheLoopAsync();
        GitHub.React(comment, "-1", Alice);
        (comment.Resolved, comment.ResolvedBy) = (true, Alice.Login);
        // The push rewrites the loop's line and keeps its bug: a new fingerprint, the same claim.
        var edited = "for (var i = 1; i < _lines.Count; i += 1)";
        var pushed = PushEdit(BillingRepository.BuggyLoop, edited, "Loop with += 1");
        Model.Default = _ => Review("partial", "The loop drops the first line.", Finding(Invoice, 12, 12, "P1", 0.9, "Loop skips the first invoice line",
            "It starts at 1.", [(Invoice, 12, edited)]));

        var run = await ReviewPushAsync(pushed);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(LoopComments(), Has.Count.EqualTo(1));
            Assert.That(Summary(run), Does.Contain($"rule `{RuleIds().Single()}`"));
            Assert.That(Store()["rejected"]!.GetValue<int>(), Is.EqualTo(1), "the resolved thread's code changed: no second rejection");
        }
    }

    [Test]
    public async Task Forgetting_the_rule_posts_the_finding_again_on_the_next_review()
    {
        var comment = await ReviewedWithTheLoopAsync();
        GitHub.React(comment, "-1", Alice);
        (comment.Resolved, comment.ResolvedBy) = (true, Alice.Login);
        await RerunAsync();
        var id = RuleIds().Single();

        var reply = await CommandAsync($"@agent forget {id}", Alice);
        var run = await RerunAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reply, Does.StartWith("Forgot 1 feedback rule(s)").And.Contain($"`{id}`").And.Contain("Loop skips the first invoice line"));
            Assert.That(RuleIds(), Is.Empty);
            Assert.That(LoopComments(), Has.Count.EqualTo(2), "posted again");
            Assert.That(Summary(run), Does.Not.Contain("Suppressed by feedback"));
        }
    }

    [Test]
    public async Task Forgetting_an_unknown_rule_says_so_and_forget_all_removes_every_rule()
    {
        var comment = await ReviewedWithTheLoopAsync();
        GitHub.React(comment, "-1", Alice);

        var unknown = await CommandAsync("@agent forget abcdef", Alice);
        var all = await CommandAsync("@agent forget all", Alice);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(unknown, Does.StartWith("There is no feedback rule `abcdef` in this repository.").And.Contain("Its rules: `"));
            Assert.That(all, Does.StartWith("Forgot 1 feedback rule(s)"));
            Assert.That(RuleIds(), Is.Empty);
            Assert.That(Store()["rejected"]!.GetValue<int>(), Is.EqualTo(1), "what was said stays counted, and is not learned again");
        }
    }

    [Test]
    public async Task The_rules_survive_a_restart_with_an_empty_cache_and_the_reactions_are_not_read_again()
    {
        var comment = await ReviewedWithTheLoopAsync();
        GitHub.React(comment, "-1", Alice);
        (comment.Resolved, comment.ResolvedBy) = (true, Alice.Login);
        await RerunAsync();
        var readsAfterLearning = ReactionReads();

        // Another instance, started fresh: no cache, nothing in memory; only the feedback folder is the same.
        var run = await RerunAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(readsAfterLearning, Is.EqualTo(1));
            Assert.That(ReactionReads(), Is.EqualTo(1), "the 👍/👎 counts did not change: the list is not asked for again");
            Assert.That(Summary(run), Does.Contain($"rule `{RuleIds().Single()}`"));
            Assert.That(LoopComments(), Has.Count.EqualTo(1));
            Assert.That(Store()["rejected"]!.GetValue<int>(), Is.EqualTo(1), "read twice, counted once");
        }
    }

    [Test]
    public async Task A_thumbs_down_by_someone_without_write_access_makes_no_rule_and_is_not_asked_about_again()
    {
        var comment = await ReviewedWithTheLoopAsync();
        GitHub.React(comment, "-1", Mallory);
        (comment.Resolved, comment.ResolvedBy) = (true, Alice.Login);

        var run = await RerunAsync();
        await RerunAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(RuleIds(), Is.Empty);
            Assert.That(Summary(run), Does.Not.Contain("Suppressed by feedback"));
            Assert.That(LoopComments(), Has.Count.EqualTo(2), "posted again by the first re-run (its thread was resolved), then open and not repeated");
            Assert.That(GitHub.Requests.Count(r => r.FromBot && r.Path.EndsWith("/collaborators/mallory/permission", StringComparison.Ordinal)), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task A_writer_replying_that_it_is_a_false_positive_makes_a_rule_and_a_command_reply_does_not()
    {
        var comment = await ReviewedWithTheLoopAsync();
        GitHub.Permissions["bob"] = "maintain";
        GitHub.AddReviewComment(Pull, Invoice, 12, "@agent explain why this is wrong", new FakeAccount("carol", "User"), inReplyTo: comment.Id);
        GitHub.Permissions["carol"] = "write";
        GitHub.AddReviewComment(Pull, Invoice, 12, "> The loop starts at 1\n\nThis is a false positive: index 0 is the header row.", new FakeAccount("bob", "User"), inReplyTo: comment.Id);

        await RerunAsync();

        var rule = Store()["rules"]!.AsArray().Single()!;
        Assert.That(rule["why"]!.GetValue<string>(), Is.EqualTo("@bob replied \"false positive\" on #2"));
    }

    [Test]
    public async Task A_thread_resolved_without_a_change_makes_a_rule_at_the_next_push()
    {
        var comment = await ReviewedWithTheLoopAsync();
        (comment.Resolved, comment.ResolvedBy) = (true, Alice.Login);
        // The push changes another line; the loop is still there as it was.
        var pushed = PushEdit("return Discounts.Apply(sum, 0);", "return sum;", "No discount");
        Model.Default = _ => Review("matches", "ok");

        await ReviewPushAsync(pushed);

        Assert.That(Store()["rules"]!.AsArray().Single()!["why"]!.GetValue<string>(), Is.EqualTo("thread resolved by @alice on #2 without a change"));
    }

    [Test]
    public async Task A_fixed_finding_and_a_thumbs_up_count_as_accepted_and_make_no_rule()
    {
        var comment = await ReviewedWithTheLoopAsync();
        GitHub.React(comment, "+1", Alice);
        var pushed = PushEdit(BillingRepository.BuggyLoop, "for (var i = 0; i < _lines.Count; i++)", "Fix the loop");
        Model.Default = _ => Review("matches", "ok");
        await ReviewPushAsync(pushed);

        // The bot's "Fixed in" reply is read when it next looks: here, a command.
        await CommandAsync("@agent help", Alice);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(GitHub.ReviewComments.Any(c => c.InReplyTo == comment.Id && c.Body.StartsWith("Fixed in", StringComparison.Ordinal)), Is.True);
            Assert.That(Store()["accepted"]!.GetValue<int>(), Is.EqualTo(2), "the 👍 and the fix");
            Assert.That(Store()["rejected"]!.GetValue<int>(), Is.EqualTo(0));
            Assert.That(RuleIds(), Is.Empty);
        }
    }

    [Test]
    public async Task The_status_page_shows_each_repositorys_accepted_and_rejected_counts_and_rules()
    {
        var comment = await ReviewedWithTheLoopAsync();
        GitHub.React(comment, "-1", Alice);
        await RerunAsync();
        const string token = "a-status-token-of-some-length";
        await using var app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub, new Dictionary<string, string?>
        {
            ["Feedback:Directory"] = FeedbackDirectory,
            ["Status:Token"] = token,
        }));
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.That(html, Does.Contain("<h2>Feedback</h2><table><tr><th>repository</th><th>accepted</th><th>rejected</th><th>rules</th></tr>" +
            "<tr><td>Codertocat/Hello-World</td><td class=\"n\">0</td><td class=\"n\">1</td><td class=\"n\">1</td></tr></table>"));
    }

    [Test]
    public async Task Help_lists_the_rules_and_a_block_to_paste_into_AGENTS_md()
    {
        var comment = await ReviewedWithTheLoopAsync();
        GitHub.React(comment, "-1", Alice);

        var help = await CommandAsync("@agent help", Alice);

        var id = RuleIds().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(help, Does.Contain("| `@agent forget <rule>` |"));
            Assert.That(help, Does.Contain($"| `{id}` | `{Invoice}` | Loop skips the first invoice line | 👎 by @\u200balice on #2 |"), "the login is not a mention");
            Assert.That(help, Does.Contain("<summary>Export to AGENTS.md</summary>"));
            Assert.That(help, Does.Contain($"````markdown\n## Review guidelines\n\n- In `{Invoice}`, do not report \"Loop skips the first invoice line\": the maintainers rejected it (👎 by @alice on #2; rule {id}).\n````"));
        }
    }
}
