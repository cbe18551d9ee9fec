using ReviewBot.Model;
using ReviewBot.Publishing;
using ReviewBot.Reviews;
using ReviewBot.Tests.TestSupport;
using static ReviewBot.Tests.TestSupport.HostileText;

namespace ReviewBot.Tests.Publishing;

public sealed class ReviewComposerTests
{
    private const string Head = "0123456789abcdef0123456789abcdef01234567";
    private const string Patch = "@@ -10,4 +10,6 @@ class A\n context10\n-old11\n+new11\n+new12\n context13\n+new14\n context15";

    private static readonly CommentableDiff Diff = CommentableDiff.From(new (string, string?)[] { ("a.cs", Patch), ("big.bin", null) });

    private static Finding Finding(string path, int start, int end, string? replacement = null, DiffSide side = DiffSide.Head, string fp = "00000000000000aa",
        string title = "Something breaks") =>
        new(path, start, end, side, Priority.P1, 0.9, title, "It breaks.", [new Evidence(path, start, side, "x")], replacement, false, fp);

    private static ReviewResult Result(params Finding[] findings) =>
        new("base", Head, new IntentVerdict(IntentVerdictKind.Matches, "ok"), findings, [], [],
            new ReviewAccounting(TokenUsage.None, TimeSpan.Zero, 2, 2, [], 1, 1, 0, 0, "universal-ctags", []));

    private static ReviewDraft Compose(ReviewResult result, params string[] open) =>
        ReviewComposer.Compose(result, Diff, new ReviewContext(1, null, false), open.ToHashSet());

    [Test]
    public void A_range_in_one_hunk_becomes_a_multi_line_comment_with_its_suggestion()
    {
        var draft = Compose(Result(Finding("a.cs", 11, 12, replacement: "fixed11\nfixed12")));

        var comment = draft.Comments.Single();
        Assert.That((comment.StartLine, comment.StartSide, comment.Line, comment.Side), Is.EqualTo(((int?)11, "RIGHT", (int?)12, "RIGHT")));
        Assert.That(comment.Body, Does.Contain("```suggestion\nfixed11\nfixed12\n```"));
    }

    [Test]
    public void Deleted_lines_are_commented_on_the_left_and_never_get_a_suggestion()
    {
        var comment = Compose(Result(Finding("a.cs", 11, 11, replacement: "x", side: DiffSide.Base))).Comments.Single();

        Assert.That((comment.Line, comment.Side), Is.EqualTo(((int?)11, "LEFT")));
        Assert.That(comment.Body, Does.Not.Contain("```suggestion"));
    }

    [Test]
    public void Lines_GitHub_would_refuse_fall_back_to_the_last_line_then_to_the_file()
    {
        var draft = Compose(Result(
            Finding("a.cs", 8, 12, replacement: "x", fp: "00000000000000a1", title: "starts before the hunk"),
            Finding("a.cs", 30, 31, fp: "00000000000000a2", title: "outside every hunk"),
            Finding("big.bin", 3, 3, fp: "00000000000000a3", title: "no patch at all")));

        Assert.That(draft.Comments.Select(c => (c.Finding.Title, c.Line, c.StartLine, c.SubjectType)), Is.EqualTo(new[]
        {
            ("starts before the hunk", (int?)12, (int?)null, (string?)null),
            ("outside every hunk", null, null, "file"),
            ("no patch at all", null, null, "file"),
        }));
        Assert.That(draft.Comments[0].Body, Does.Not.Contain("```suggestion"), "the replacement was written for lines 8-12");
    }

    [Test]
    public void A_file_GitHub_does_not_list_goes_to_the_summary_and_an_open_finding_is_not_repeated()
    {
        var draft = Compose(Result(Finding("gone.cs", 1, 1, fp: "00000000000000b1"), Finding("a.cs", 11, 11, fp: "00000000000000b2")), "00000000000000b2");

        Assert.That(draft.Comments, Is.Empty);
        Assert.That(draft.InSummary.Single().Path, Is.EqualTo("gone.cs"));
        Assert.That(draft.Repeated.Single().Fingerprint, Is.EqualTo("00000000000000b2"));
        Assert.That(draft.Body, Does.Contain("not on the diff GitHub shows").And.Contain("1 finding(s) from earlier reviews are still open"));
    }

    [Test]
    public void A_clean_review_says_so_in_one_line()
    {
        var body = Compose(Result()).Body;

        Assert.That(body.Split('\n'), Has.Length.EqualTo(2));
        Assert.That(body, Does.StartWith("✅ ReviewBot found no problems in 2 file(s) at `0123456`.").And.EndWith($"<!-- reviewbot:review head={Head} -->"));
    }

    [Test]
    public void A_summary_over_githubs_limit_loses_the_least_important_parts_first()
    {
        var dropped = Enumerable.Range(0, 5_000).Select(i => new DroppedFinding("threshold", new string('x', 40), $"candidate {i}", "a.cs", 1)).ToList();
        var result = Result(Finding("a.cs", 11, 11)) with { Dropped = dropped, Notes = [new string('n', 2_000)] };

        var body = ReviewBody.Write(result, new ReviewContext(1, null, false), [], 0);

        Assert.That(body.Length, Is.LessThanOrEqualTo(ReviewBody.MaxLength));
        Assert.That(body, Does.Contain("`a.cs:11` Something breaks").And.Contain("shortened to fit").And.Contain("n".PadRight(100, 'n')));
        Assert.That(body, Does.EndWith($"<!-- reviewbot:review head={Head} -->"));
    }

    [Test]
    public void Only_the_marker_that_ends_a_body_counts_and_repeated_text_cannot_forge_one()
    {
        var forged = $"<!-- reviewbot:review head={new string('b', 40)} -->";
        var result = Result(Finding("a.cs", 11, 11, title: $"x {forged}")) with { Notes = [$"skipped {forged}.png"] };

        var body = ReviewBody.Write(result, new ReviewContext(1, null, false), [], 0);

        Assert.That(Markers.ReviewHead(body), Is.EqualTo(Head));
        Assert.That(body, Does.Not.Contain(forged));
        Assert.That(Markers.ReviewHead($"{forged}\nsome text"), Is.Null, "a marker not at the end is not one");
    }

    [Test]
    public void Findings_said_in_a_summary_are_marked_so_a_rerun_does_not_say_them_again()
    {
        var draft = Compose(Result(Finding("gone.cs", 1, 1, fp: "00000000000000c1")));

        Assert.That(Markers.SummaryFingerprints(draft.Body), Is.EqualTo(new[] { "00000000000000c1" }));
        Assert.That(Compose(Result(Finding("gone.cs", 1, 1, fp: "00000000000000c1")), "00000000000000c1").Repeated, Has.Count.EqualTo(1));
    }

    [Test]
    public void Markers_round_trip_and_survive_odd_paths()
    {
        var marker = Markers.Finding("0123456789abcdef", Head, "src/a b/ü.cs", 12);

        Assert.That(Markers.FindingIn("text\n" + marker), Is.EqualTo(new FindingMarker("0123456789abcdef", Head, "src/a b/ü.cs", 12)));
        Assert.That(Markers.ReviewHead(Markers.Review(Head)), Is.EqualTo(Head));
        Assert.That(Markers.FindingIn("<!-- reviewbot:finding fp=zz -->"), Is.Null);
    }

    private static readonly ReviewContext ForRepository = new(1, null, false)
    {
        Defang = MarkdownDefanger.For(new Uri("https://api.github.com/"), "Codertocat", "Hello-World", author: "octocat"),
    };

    [Test]
    public void A_comment_keeps_nothing_live_from_the_models_explanation_and_title_and_ends_in_the_bots_marker()
    {
        var finding = Finding("a.cs", 11, 11) with { Title = "Breaks @someone <!--", Explanation = Attack };

        var body = ReviewComposer.Compose(Result(finding), Diff, ForRepository, new HashSet<string>()).Comments.Single().Body;

        AssertNothingLive(body, "comment", markers: 1);
        Assert.That(Markers.FindingIn(body)?.Fingerprint, Is.EqualTo(finding.Fingerprint));
    }

    [Test]
    public void A_summary_keeps_nothing_live_from_the_intent_and_from_findings_kept_in_it()
    {
        var result = Result(Finding("gone.cs", 1, 1, title: "T @acme/all")) with { Intent = new IntentVerdict(IntentVerdictKind.Partial, Attack) };
        var gone = result.Findings[0] with { Explanation = Attack };
        result = result with { Findings = [gone], Notes = ["note <!-- x -->"] };

        var body = ReviewComposer.Compose(result, Diff, ForRepository, new HashSet<string>()).Body;

        AssertNothingLive(body, "summary", markers: 2);
        Assert.That(Markers.ReviewHead(body), Is.EqualTo(Head));
        Assert.That(Markers.SummaryFingerprints(body), Is.EqualTo(new[] { gone.Fingerprint }));
    }

    [Test]
    public void The_pull_request_author_can_still_be_addressed_in_the_review()
    {
        var finding = Finding("a.cs", 11, 11) with { Explanation = "@octocat, this drops the first line; @someone wrote it." };

        var body = ReviewComposer.Compose(Result(finding), Diff, ForRepository, new HashSet<string>()).Comments.Single().Body;

        Assert.That(body, Does.Contain("@octocat, this drops").And.Contain("@\u200bsomeone"));
    }

    [Test]
    public void A_suggestion_holding_a_fence_line_is_fenced_longer_and_kept_exactly()
    {
        const string replacement = "var md = \"\"\"\n```\n<!-- kept -->\n\"\"\";";
        var draft = Compose(Result(Finding("a.cs", 11, 12, replacement: replacement)));

        Assert.That(draft.Comments.Single().Body, Does.Contain($"````suggestion\n{replacement}\n````\n"));
    }

    [Test]
    public void Evidence_is_quoted_exactly_in_a_fence_it_cannot_close()
    {
        var finding = Finding("a.cs", 11, 11) with { Evidence = [new Evidence("a`b.cs", 11, DiffSide.Head, "x ``` <!-- y")] };

        var body = Compose(Result(finding)).Comments.Single().Body;

        Assert.That(body, Does.Contain("``a`b.cs:11``\n````\nx ``` <!-- y\n````"));
    }

    [Test]
    public void A_summary_marker_quoted_in_code_earlier_in_a_body_is_not_one()
    {
        var quoted = Markers.Summary("00000000000000d1");
        var finding = Finding("gone.cs", 1, 1, fp: "00000000000000d2") with { Explanation = $"`{quoted}`" };

        var body = Compose(Result(finding)).Body;

        Assert.That(body, Does.Contain(quoted), "code is posted as it is");
        Assert.That(Markers.SummaryFingerprints(body), Is.EqualTo(new[] { "00000000000000d2" }));
    }
}
