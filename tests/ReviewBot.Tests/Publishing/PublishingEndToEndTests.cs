using System.Net;
using System.Text.Json.Nodes;
using ReviewBot.Tests.TestSupport;
using static ReviewBot.Tests.TestSupport.FakeModelReply;

namespace ReviewBot.Tests.Publishing;

/// <summary>
/// Every trigger of a review, end to end: real webhook payloads, the real Octokit client against the fake GitHub (which
/// enforces GitHub's review rules), real git, the real OpenAI SDK against the scripted model. GitHub is the only memory:
/// the bot is restarted with an empty cache between steps and still never says the same thing twice.
/// </summary>
public sealed class PublishingEndToEndTests : PublishingTest
{
    [Test]
    public async Task Opened_posts_one_review_with_a_suggestion_and_a_range_and_completes_the_check_run()
    {
        Model.Default = _ => Review("partial", "Totals go through the discount rules, but the loop drops the first line.", Loop(), Discount());
        await using var app = App();

        await DeliverAsync(app, "pull_request", PullRequestPayload("opened"));
        var run = await CompletedRunAsync(Head);

        var review = PostedReviews().Single();
        var comments = GitHub.ReviewComments.OrderBy(c => c.Line).ToList();
        var annotations = await AnnotationsAsync(2);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(review.CommitId, Is.EqualTo(Head));
            Assert.That(review.Body, Does.Contain("found **2** problem(s)").And.Contain("does part of what the pull request says"));
            Assert.That(review.Body, Does.Contain($"<!-- reviewbot:review head={Head} -->"));
            Assert.That(comments, Has.Count.EqualTo(2));
            Assert.That((comments[0].Line, comments[0].Side, comments[0].StartLine), Is.EqualTo(((int?)12, "RIGHT", (int?)null)));
            Assert.That(comments[0].Body, Does.Contain("🟠 **P1** Loop skips the first invoice line")
                .And.Contain("```suggestion\n        for (var i = 0; i < _lines.Count; i++)\n```"));
            Assert.That((comments[1].StartLine, comments[1].Line), Is.EqualTo(((int?)14, (int?)16)));
            Assert.That(comments[1].Body, Does.Not.Contain("```suggestion"));
            Assert.That(comments.Select(c => c.Body), Has.All.Contains("<!-- reviewbot:finding fp="));
            Assert.That(run.StatusHistory, Is.EqualTo(new[] { "queued", "in_progress", "completed" }));
            Assert.That(run.Conclusion, Is.EqualTo("neutral"));
            Assert.That(run.Actions!.Single()!["identifier"]!.GetValue<string>(), Is.EqualTo("rerun-review"));
            Assert.That(run.Output!["summary"]!.GetValue<string>(), Does.Contain("2 inline and 0 file comment(s)"));
            Assert.That(annotations.Select(a => a!["start_line"]!.GetValue<int>()), Is.EquivalentTo(new[] { 12, 14 }));
        }
    }

    [Test]
    public async Task A_review_of_the_head_another_worker_posts_while_the_model_runs_is_not_posted_again()
    {
        // The other worker of a job whose lease moved (a Redis restart): it posts this head's review while this one waits on the model.
        Model.Default = _ =>
        {
            GitHub.AddReview(Pull, $"Posted by the other worker.\n<!-- reviewbot:review head={Head} -->", GitHub.AppBot);
            return Review("matches", "ok", Loop());
        };
        await using var app = App();

        await DeliverAsync(app, "pull_request", PullRequestPayload("opened"));
        var run = await CompletedRunAsync(Head);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(PostedReviews().Select(r => r.Body), Is.EqualTo(new[] { $"Posted by the other worker.\n<!-- reviewbot:review head={Head} -->" }));
            Assert.That(GitHub.ReviewComments, Is.Empty);
            Assert.That(run.Output!["summary"]!.GetValue<string>(), Does.Contain("was posted by another worker while this one ran"));
            Assert.That(app.Logs.GetSnapshot().Any(l => l.Id.Id == 455), Is.True);
        }
    }

    [Test]
    public async Task The_same_delivery_again_and_a_restart_with_an_empty_cache_post_nothing_new()
    {
        Model.Default = _ => Review("matches", "ok", Loop());
        var delivery = Guid.NewGuid().ToString();
        await using (var app = App())
        {
            await DeliverAsync(app, "pull_request", PullRequestPayload("opened"), delivery);
            await CompletedRunAsync(Head);
            using var again = await DeliverAsync(app, "pull_request", PullRequestPayload("opened"), delivery);
            Assert.That(again.Headers.GetValues("X-ReviewBot-Outcome").Single(), Is.EqualTo("duplicate delivery"));
        }
        var requestsBefore = GitHub.Requests.Count;

        await using (var restarted = App())
        {
            // A new instance knows nothing: the same event under another delivery id (a redelivery after a crash).
            await DeliverAsync(restarted, "pull_request", PullRequestPayload("reopened"));
            await Eventually(() => restarted.Logs.GetSnapshot().Any(l => l.Message.Contains("a completed ReviewBot check run exists", StringComparison.Ordinal)),
                "the restarted bot to see the completed run");
        }

        Assert.That(PostedReviews(), Has.Count.EqualTo(1));
        Assert.That(GitHub.CheckRunsFor(Head), Has.Count.EqualTo(1));
        Assert.That(GitHub.Requests.Skip(requestsBefore).Where(r => r.Method != "GET" && !r.Path.EndsWith("/access_tokens", StringComparison.Ordinal)), Is.Empty,
            "nothing written to GitHub after the restart");
    }

    [Test]
    public async Task A_push_gets_an_incremental_review_with_only_new_findings_and_fixed_threads_are_answered_and_resolved()
    {
        Model.Default = _ => Review("matches", "ok", Loop(), Discount());
        await using (var app = App())
        {
            await DeliverAsync(app, "pull_request", PullRequestPayload("opened"));
            await CompletedRunAsync(Head);
        }

        // The author fixes the loop and adds Average(), which divides by zero on an empty invoice.
        Repo.Checkout("feature");
        var text = File.ReadAllText(Path.Combine(Repo.Path, Invoice))
            .Replace(BillingRepository.BuggyLoop, "for (var i = 0; i < _lines.Count; i++)", StringComparison.Ordinal)
            .Replace("        return Discounts.Apply(sum, 0);\n    }\n", "        return Discounts.Apply(sum, 0);\n    }\n\n    public decimal Average() => Total() / _lines.Count;\n", StringComparison.Ordinal);
        var pushed = Repo.Write(Invoice, text).Commit("Fix the loop; add Average");
        Repo.Checkout("main");
        GitHub.Push(Pull, pushed, FakeGitHub.FilesFromRepository(Repo, Base, pushed));
        var average = Finding(Invoice, 19, 19, "P1", 0.9, "Average divides by zero on an empty invoice",
            "An invoice without lines throws DivideByZeroException.", [(Invoice, 19, "public decimal Average() => Total() / _lines.Count;")]);
        Model.Default = _ => Review("matches", "ok", Discount(), average);

        await using (var restarted = App())
        {
            await DeliverAsync(restarted, "pull_request", PullRequestPayload("synchronize"));
            await CompletedRunAsync(pushed);
        }

        var second = PostedReviews().Last();
        var newComments = GitHub.ReviewComments.Where(c => c.ReviewId == second.Id).ToList();
        var loopComment = GitHub.ReviewComments.Single(c => c.InReplyTo is null && c.Body.Contains("Loop skips", StringComparison.Ordinal));
        var reply = GitHub.ReviewComments.SingleOrDefault(c => c.InReplyTo == loopComment.Id);
        var incrementalPrompt = FakeModel.Prompt(Model.Requests[^1]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(PostedReviews(), Has.Count.EqualTo(2));
            Assert.That(second.CommitId, Is.EqualTo(pushed));
            Assert.That(newComments.Select(c => c.Body), Has.Exactly(1).Items.And.All.Contains("Average divides by zero"));
            Assert.That(second.Body, Does.Contain($"changed since `{Head[..7]}`"));
            Assert.That(reply?.Body, Is.EqualTo($"Fixed in {pushed[..7]}."));
            Assert.That(loopComment.Resolved, Is.True);
            Assert.That(GitHub.ReviewComments.Single(c => c.InReplyTo is null && c.Body.Contains("discount of zero", StringComparison.Ordinal)).Resolved, Is.False,
                "the finding still there stays open and is not repeated");
            Assert.That(incrementalPrompt, Does.Contain("the whole pull request's change of this file"));
        }
    }

    [Test]
    public async Task An_edited_line_whose_problem_the_model_still_reports_is_neither_fixed_nor_said_again()
    {
        Model.Default = _ => Review("matches", "ok", Loop());
        await using (var app = App())
        {
            await DeliverAsync(app, "pull_request", PullRequestPayload("opened"));
            await CompletedRunAsync(Head);
        }
        Repo.Checkout("feature");
        var text = File.ReadAllText(Path.Combine(Repo.Path, Invoice)).Replace(BillingRepository.BuggyLoop, "for (var i = 1; i < _lines.Count; i += 1)", StringComparison.Ordinal);
        var pushed = Repo.Write(Invoice, text).Commit("Tidy the loop");
        Repo.Checkout("main");
        GitHub.Push(Pull, pushed, FakeGitHub.FilesFromRepository(Repo, Base, pushed));
        Model.Default = _ => Review("matches", "ok", Finding(Invoice, 12, 12, "P1", 0.9, "Loop skips the first invoice line",
            "Still starts at 1.", [(Invoice, 12, "for (var i = 1; i < _lines.Count; i += 1)")]));

        await using (var restarted = App())
        {
            await DeliverAsync(restarted, "pull_request", PullRequestPayload("synchronize"));
            await CompletedRunAsync(pushed);
        }

        var loop = GitHub.ReviewComments.Where(c => c.InReplyTo is null && c.Body.Contains("Loop skips", StringComparison.Ordinal)).ToList();
        Assert.That(loop, Has.Count.EqualTo(1), "not said again");
        Assert.That(GitHub.ReviewComments.Where(c => c.InReplyTo == loop[0].Id), Is.Empty, "not called fixed");
        Assert.That(loop[0].Resolved, Is.False);
    }

    [Test]
    public async Task A_review_for_a_commit_that_is_no_longer_the_head_is_cancelled_not_posted()
    {
        Model.Default = _ => Review("matches", "ok", Loop());
        Pull.HeadSha = "1111111111111111111111111111111111111111";
        var payload = PullRequestPayload("opened");
        payload["pull_request"]!["head"]!["sha"] = Head;
        await using var app = App();

        await DeliverAsync(app, "pull_request", payload);
        var run = await CompletedRunAsync(Head);

        Assert.That(run.Conclusion, Is.EqualTo("cancelled"));
        Assert.That(run.Output!["summary"]!.GetValue<string>(), Does.Contain("head is now 1111111"));
        Assert.That(PostedReviews(), Is.Empty);
        Assert.That(Model.Requests, Is.Empty);
    }

    [Test]
    public async Task After_a_force_push_that_rewrote_history_the_whole_pull_request_is_reviewed()
    {
        Model.Default = _ => Review("matches", "ok", Loop());
        await using (var app = App())
        {
            await DeliverAsync(app, "pull_request", PullRequestPayload("opened"));
            await CompletedRunAsync(Head);
        }
        Repo.Checkout("feature");
        Repo.Git("reset", "--soft", Base);
        var rewritten = Repo.Write("NOTES.md", "rewritten\n").Commit("Invoice total goes through the discount rules (squashed)");
        Repo.Checkout("main");
        GitHub.Push(Pull, rewritten, FakeGitHub.FilesFromRepository(Repo, Base, rewritten));

        await using (var restarted = App())
        {
            await DeliverAsync(restarted, "pull_request", PullRequestPayload("synchronize"));
            await CompletedRunAsync(rewritten);
        }

        var second = PostedReviews().Last();
        Assert.That(second.CommitId, Is.EqualTo(rewritten));
        Assert.That(second.Body, Does.Not.Contain("changed since"), "the old head is not an ancestor: a full review");
        Assert.That(second.Body, Does.Contain("1 finding(s) from earlier reviews are still open and not repeated"));
        Assert.That(GitHub.ReviewComments.Where(c => c.ReviewId == second.Id), Is.Empty);
    }

    [Test]
    public async Task The_rerun_button_gives_a_fresh_review_that_repeats_no_open_finding()
    {
        Model.Default = _ => Review("matches", "ok", Loop());
        await using (var app = App())
        {
            await DeliverAsync(app, "pull_request", PullRequestPayload("opened"));
            await CompletedRunAsync(Head);
        }
        Model.Default = _ => Review("matches", "ok", Loop(), Discount());

        await using (var restarted = App())
        {
            using var response = await DeliverAsync(restarted, "check_run", RerunPayload());
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            await CompletedRunAsync(Head, count: 2);
        }

        var reviews = PostedReviews();
        var fresh = GitHub.ReviewComments.Where(c => c.ReviewId == reviews[^1].Id).ToList();
        Assert.That(reviews, Has.Count.EqualTo(2), "a re-run was asked for: a second review of the same commit");
        Assert.That(fresh.Select(c => c.Body), Has.Exactly(1).Items.And.All.Contains("discount of zero"), "only the new finding");
        Assert.That(reviews[^1].Body, Does.Contain("1 finding(s) from earlier reviews are still open and not repeated"));
        Assert.That(GitHub.CheckRunsFor(Head), Has.Count.EqualTo(2), "a fresh check run for the re-run");
    }

    [Test]
    public async Task Findings_on_a_file_without_a_patch_on_deleted_lines_on_a_binary_and_outside_the_diff_never_cause_a_422()
    {
        Repo.Checkout("feature");
        Repo.Delete("src/Billing/Checkout.cs");
        File.WriteAllBytes(Path.Combine(Repo.Path, "logo.png"), [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0, 1, 2, 3]);
        Repo.Write("src/Billing/Big.cs", string.Concat(Enumerable.Range(1, 50).Select(i => $"// line {i}\n")));
        var head = Repo.Commit("Remove checkout; add a big file");
        Repo.Checkout("main");
        GitHub.Push(Pull, head, FakeGitHub.FilesFromRepository(Repo, Base, head, withoutPatch: new HashSet<string> { "src/Billing/Big.cs" }));
        Model.Default = _ => Review("matches", "ok",
            Finding("src/Billing/Checkout.cs", 7, 8, "P1", 0.9, "Checkout removed while callers remain", "Pay is gone; callers break.",
                [("src/Billing/Checkout.cs", 7, "var total = invoice.Total();")], side: "base"),
            Finding("src/Billing/Big.cs", 10, 10, "P1", 0.9, "Comment-only file checked in", "Fifty comment lines and no code.",
                [("src/Billing/Big.cs", 10, "// line 10")]),
            Finding("logo.png", 1, 1, "P1", 0.9, "Logo is corrupt", "Not a PNG.", [("logo.png", 1, "PNG")]),
            Finding(Invoice, 3, 3, "P1", 0.9, "Class should be a record", "Style.", [(Invoice, 3, "public sealed class Invoice")]));
        await using var app = App();

        await DeliverAsync(app, "pull_request", PullRequestPayload("opened"));
        await CompletedRunAsync(head);

        var comments = GitHub.ReviewComments;
        Assert.That(comments.Single(c => c.Path == "src/Billing/Checkout.cs").Side, Is.EqualTo("LEFT"));
        Assert.That(comments.Single(c => c.Path == "src/Billing/Checkout.cs").StartLine, Is.EqualTo(7));
        Assert.That(comments.Single(c => c.Path == "src/Billing/Big.cs").SubjectType, Is.EqualTo("file"), "no patch: a file-level comment");
        Assert.That(comments.Single(c => c.Path == "logo.png").SubjectType, Is.EqualTo("file"), "a binary file in the change: a file-level comment");
        Assert.That(comments.Select(c => c.Body), Has.None.Contains("Class should be a record"), "outside the change: dropped");
        Assert.That(GitHub.Requests.Where(r => r.Status == 422), Is.Empty);
    }

    [Test]
    public async Task A_comment_GitHub_refuses_moves_to_the_summary_and_the_rest_is_posted()
    {
        Model.Default = _ => Review("matches", "ok", Loop(), Discount());
        GitHub.RefusedLines.Add($"{Invoice}:16");
        await using var app = App();

        await DeliverAsync(app, "pull_request", PullRequestPayload("opened"));
        var run = await CompletedRunAsync(Head);

        var review = PostedReviews().Single();
        Assert.That(GitHub.ReviewComments.Where(c => c.ReviewId == review.Id).Select(c => c.Line), Is.EqualTo(new int?[] { 12 }));
        Assert.That(review.Body, Does.Contain("Total applies a discount of zero").And.Contain("not on the diff GitHub shows"));
        Assert.That(run.Output!["summary"]!.GetValue<string>(), Does.Contain("GitHub refused 1 comment(s)"));
        Assert.That(GitHub.Reviews.Where(r => r.State == "PENDING"), Is.Empty, "probe reviews are deleted");
    }

    [Test]
    public async Task A_skip_label_completes_the_check_run_as_skipped_without_asking_the_model()
    {
        // Settings are read at the base branch, where the pull request cannot change them.
        Base = Repo.Write(".github/reviewbot.yml", "skip_labels: [no-bot]\nthreshold:\n  priority: P9\n").Commit("settings on main");
        var head = Head;
        Pull = GitHub.AddPullRequest(Repository, 2, head, installationId: 1, fileCount: 0, baseSha: Base);
        Pull.CloneUrl = Repo.FileUrl.ToString();
        Pull.Labels.Add("no-bot");
        await using var app = App();

        var payload = PullRequestPayload("opened");
        await DeliverAsync(app, "pull_request", payload);
        var run = await CompletedRunAsync(head);

        Assert.That(run.Conclusion, Is.EqualTo("skipped"));
        Assert.That(run.Output!["summary"]!.GetValue<string>(), Does.Contain("label `no-bot`").And.Contain("threshold.priority must be one of P0, P1, P2, P3"));
        Assert.That(Model.Requests, Is.Empty);
        Assert.That(PostedReviews(), Is.Empty);
    }
}
