using System.Text.RegularExpressions;
using Octokit;
using Octokit.Internal;
using ReviewBot.Jobs;
using ReviewBot.Model;
using ReviewBot.Publishing;
using ReviewBot.Reviews;
using ReviewBot.Tests.TestSupport;
using static ReviewBot.Tests.TestSupport.HostileText;

namespace ReviewBot.Tests.Publishing;

public sealed class CheckRunSummaryTests
{
    private const string Head = "0123456789abcdef0123456789abcdef01234567";

    private static readonly ReviewRequest Request = new(1, "Codertocat", "Hello-World", 2, Head, Forced: false, "pull_request.opened");

    private static readonly MarkdownDefanger Repository = MarkdownDefanger.For(new Uri("https://api.github.com/"), "Codertocat", "Hello-World");

    private static ReviewResult Result(string explanation, string title = "Loop skips a line") =>
        new("base", Head, new IntentVerdict(IntentVerdictKind.Partial, explanation),
            [new Finding("a.cs", 3, 3, DiffSide.Head, Priority.P1, 0.9, title, explanation, [new Evidence("a.cs", 3, DiffSide.Head, "x")], null, false, "00000000000000aa")],
            [new DroppedFinding("verify", explanation, title, "a.cs", 3)], [explanation],
            new ReviewAccounting(TokenUsage.None, TimeSpan.Zero, 1, 1, [explanation], 1, 1, 0, 0, "universal-ctags", []));

    [Test]
    public async Task A_review_stopped_by_a_refused_model_key_says_authentication_failed()
    {
        await using var model = await FakeModel.StartAsync();
        model.Default = _ => FakeModelReply.Error(401, "Incorrect API key provided.");
        using var host = EngineHost.Create(model.Settings());
        var client = host.Services.GetRequiredService<ModelClient>();
        var schema = new ModelSchema("answer", "A test answer.", """{"type":"object","required":[],"properties":{}}""");

        var ex = await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() =>
            client.CompleteAsync<object>(new ModelPrompt("Instructions.", null, "Request."), schema, CancellationToken.None));
        var output = ReviewBot.Pipeline.FailureText.For(ex!);

        Assert.That(output.Summary, Does.Contain("authentication failed").And.Contain("Model:ApiKey"));
    }

    [Test]
    public void The_review_summary_keeps_nothing_live_from_the_model()
    {
        var output = CheckRunSummary.ForReview(Request, Result(Attack, title: "T @acme/all <!--"), defang: Repository);

        AssertNothingLive(output.Summary, "summary");
        Assert.That(output.Summary, Does.Contain("t (image: `https://attacker.example/x?d=1`)"));
    }

    [Test]
    public void A_link_into_the_repository_stays_a_link_in_the_summary_and_nothing_else_does_without_the_repository()
    {
        const string blob = "https://github.com/Codertocat/Hello-World/blob/0123456/a.cs#L3";
        var explanation = $"See [a.cs]({blob}).";

        Assert.That(CheckRunSummary.ForReview(Request, Result(explanation), defang: Repository).Summary, Does.Contain($"[a.cs]({blob})"));
        Assert.That(CheckRunSummary.ForReview(Request, Result(explanation)).Summary, Does.Contain($"a.cs (`{blob}`)"));
    }

    [Test]
    public void What_github_refused_is_quoted_without_anything_live()
    {
        var published = new PublishOutcome(7, 0, 0, 1, 0, ["a.cs:3 Title @acme/all <!-- x -->"], []);

        AssertNothingLive(CheckRunSummary.ForReview(Request, Result("ok"), published, Repository).Summary, "summary");
    }

    [Test]
    public void File_names_cannot_leave_their_table_cell()
    {
        var files = new SimpleJsonSerializer().Deserialize<List<PullRequestFile>>(
            """[{"filename":"a`b|c\n<!-- d -->@acme/all.cs","status":"modified","additions":1,"deletions":0,"changes":1}]""");

        var summary = CheckRunSummary.ForFiles(Request, files).Summary;

        var row = summary.Split('\n').Single(l => l.Contains("modified", StringComparison.Ordinal));
        Assert.That(row, Is.EqualTo("| ``a`b\\|c <!-- d -->@acme/all.cs`` | modified | 1 | 0 |"), "one line, all of it code");
        Assert.That(Regex.Count(summary, "^\\|", RegexOptions.Multiline), Is.EqualTo(3), "header, delimiter and the one row");
    }

    [Test]
    public void A_skip_reason_quoting_a_label_or_a_setting_keeps_nothing_live()
    {
        var settings = RepositorySettings.Parse("threshold:\n  priority: \"<!-- x --> @acme/all\"\n");

        var summary = CheckRunSummary.Skipped($"the pull request has the label {MarkdownDefanger.Code("no`bot <!--")}.", settings).Summary;

        Assert.That(summary, Does.Contain("label ``no`bot <!--``"), "the label as code");
        AssertNothingLive(summary.Replace("``no`bot <!--``", "", StringComparison.Ordinal), "skip reason");
    }
}
