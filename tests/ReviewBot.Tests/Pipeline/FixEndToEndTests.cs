using System.Diagnostics;
using System.Text.Json.Nodes;
using ReviewBot.Publishing;
using ReviewBot.Reviews;
using ReviewBot.Tests.TestSupport;
using static ReviewBot.Tests.TestSupport.FakeModelReply;

namespace ReviewBot.Tests.Pipeline;

/// <summary>
/// <c>@agent fix this</c> end to end: a real review-comment webhook, the fake GitHub, the scripted model driving the fix
/// agent's tools, the bubblewrap sandbox, and a real git remote over HTTP (git http-backend) that the fix is fetched from
/// and pushed to with the installation token as a header.
/// </summary>
public sealed class FixEndToEndTests : FakeGitHubTest
{
    private const string Repository = "Codertocat/Hello-World";
    private const string Branch = "new-topic";
    private const string Token = "ghs_FixEndToEnd0123456789abcdefghijABCD";
    private const string Calc = "src/calc.py";
    private static readonly FakeAccount Bot = new("reviewbot-under-test[bot]", "Bot");
    private static readonly FakeAccount Writer = new("Codertocat", "User");

    private TestRepository _repo = null!;
    private GitHttpRemote _remote = null!;
    private FakeModel _model = null!;
    private ReviewBotApplication _app = null!;
    private HttpClient _client = null!;
    private FakePullRequest _pr = null!;
    private string _base = "";
    private string _head = "";

    private async Task StartAsync(string verify = "grep -q 'a + b' src/calc.py", Action<FakePullRequest>? pull = null, int maxSteps = 24, string bwrap = "bwrap")
    {
        _repo = TestRepository.Create();
        _repo.Write(".github/reviewbot.yml", $"fix:\n  verify: \"{verify}\"\n  timeout: 20\n").Write(Calc, "def add(a, b):\n    return a + b\n");
        _base = _repo.Commit("base");
        _repo.Checkout(Branch, create: true);
        _head = _repo.Write(Calc, "def add(a, b):\n    return a - b\n").Write("src/notes.txt", "notes\n").Commit("Tidy add");
        _remote = await GitHttpRemote.StartAsync(Token);
        var url = _remote.Serve("hello", _repo);
        GitHub.MintedToken = Token;
        GitHub.Permissions[Writer.Login] = "write";
        _pr = GitHub.AddPullRequest(Repository, 2, _head, installationId: 1, fileCount: 2, baseSha: _base);
        _pr.CloneUrl = url.ToString();
        _pr.HeadRef = Branch;
        pull?.Invoke(_pr);
        _model = await FakeModel.StartAsync();
        _app = new ReviewBotApplication(ReviewBotApplication.WithGitHub(GitHub, _model.Settings(new Dictionary<string, string?>
        {
            ["Workspace:Root"] = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "fix-" + Guid.NewGuid().ToString("N")[..8]),
            ["Fixes:Agent:MaxSteps"] = maxSteps.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Fixes:Sandbox:BwrapPath"] = bwrap,
        })));
        _client = _app.CreateClient();
    }

    [TearDown]
    public async Task Stop()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (_model is not null)
        {
            await _model.DisposeAsync();
        }
        if (_remote is not null)
        {
            await _remote.DisposeAsync();
        }
        _repo?.Dispose();
    }

    /// <summary>The bot's finding on line 2 of the head, with its marker, as the review posted it.</summary>
    private FakeReviewComment Finding()
    {
        var finding = new Finding(Calc, 2, 2, DiffSide.Head, Priority.P0, 0.95, "add subtracts", "`add` returns `a - b`; callers expect the sum.",
            [new Evidence(Calc, 2, DiffSide.Head, "return a - b")], "    return a + b", false, "0123456789abcdef");
        return GitHub.AddReviewComment(_pr, Calc, 2, ReviewComposer.Body(finding, _head, 2, suggestion: true), Bot);
    }

    private void ScriptTheFix()
    {
        _model.Then(Call("read_file", new { path = Calc, start_line = (int?)null, end_line = (int?)null }))
            .Then(Call("edit", new { path = Calc, old_text = "return a - b", new_text = "return a + b" }))
            .Then(Call("finish", new { summary = "`add` returns the sum again." }));
    }

    private async Task<string> AskAsync(string body, FakeReviewComment under, FakeAccount? by = null)
    {
        var ask = GitHub.AddReviewComment(_pr, Calc, 2, body, by ?? Writer, inReplyTo: under.Id);
        var payload = JsonNode.Parse(File.ReadAllText(TestResources.Webhook("pull_request_review_comment", "created.1.payload.json")))!;
        payload["pull_request"]!["number"] = _pr.Number;
        payload["comment"]!["id"] = ask.Id;
        payload["comment"]!["in_reply_to_id"] = under.Id;
        payload["comment"]!["body"] = body;
        payload["comment"]!["user"]!["login"] = (by ?? Writer).Login;
        payload["comment"]!["user"]!["id"] = FakeGitHub.UserId((by ?? Writer).Login);
        using var response = await _client.SendAsync(WebhookSigner.Delivery("pull_request_review_comment", payload.ToJsonString(), ReviewBotApplication.Secret));
        await Eventually(() => FinalReply(under) is not null, "the fix's last word in the thread", 60_000);
        return FinalReply(under)!;
    }

    /// <summary>The bot's reply in the thread once it no longer says it is working.</summary>
    private string? FinalReply(FakeReviewComment under) =>
        GitHub.ReviewComments.FirstOrDefault(c => c.Author is null && c.InReplyTo == under.Id && !c.Body.StartsWith("👀", StringComparison.Ordinal))?.Body;

    [Test]
    public async Task Fix_this_under_a_finding_commits_the_fix_to_the_branch_co_authored_and_the_next_review_resolves_the_thread()
    {
        await StartAsync();
        var finding = Finding();
        ScriptTheFix();
        var clock = Stopwatch.StartNew();
        var before = GitHub.Requests.Count;

        var reply = await AskAsync("@agent fix this", finding);
        var elapsed = clock.Elapsed;

        var pushed = _remote.Head("hello", Branch)!;
        var message = TestRepository.Run(_remote.BarePath("hello"), "log", "-1", "--format=%B", pushed);
        var content = TestRepository.Run(_remote.BarePath("hello"), "show", $"{pushed}:{Calc}");
        var parent = TestRepository.Run(_remote.BarePath("hello"), "rev-parse", pushed + "^").Trim();
        await TestContext.Progress.WriteLineAsync($"a scripted fix: {GitHub.Requests.Count - before} GitHub API calls, {_model.Requests.Count} model calls, " +
            $"{_model.Requests.Count * 1_260} tokens as scripted, {elapsed.TotalSeconds:0.0} s from the webhook to the final reply");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(parent, Is.EqualTo(_head), "one commit, a fast-forward of the head the fix started from");
            Assert.That(content, Does.Contain("return a + b"));
            Assert.That(message, Does.Contain($"Co-authored-by: Codertocat <{FakeGitHub.UserId("Codertocat")}+Codertocat@users.noreply.github.com>"), "GitHub's noreply form, which links the account");
            Assert.That(message, Does.Contain("src/calc.py:2-2"), "the message names the thread");
            Assert.That(reply, Does.StartWith($"Pushed [{pushed[..7]}](").And.Contain("co-authored by @Codertocat").And.Contain("returns the sum again"));
            Assert.That(reply, Does.Contain("Verified: `grep -q 'a + b' src/calc.py` passed in a sandbox"));
            Assert.That(GitHub.Reactions.Select(r => r.Item2), Has.Member("eyes"));
            Assert.That(_remote.Requests.Where(r => r.IsPush), Is.Not.Empty);
            Assert.That(_remote.Requests.All(r => !r.TokenInUrl) && _remote.Requests.Where(r => r.IsPush).All(r => r.Authorized), Is.True, "the token went as a header");
        }

        // The push is a new head: its review finds the problem gone, says so in the thread and resolves it.
        _pr.HeadSha = pushed;
        var payload = JsonNode.Parse(File.ReadAllText(TestResources.Webhook("pull_request", "synchronize.1.payload.json")))!;
        payload["number"] = _pr.Number;
        payload["pull_request"]!["number"] = _pr.Number;
        payload["pull_request"]!["head"]!["sha"] = pushed;
        payload["pull_request"]!["base"]!["sha"] = _base;
        payload["repository"]!["full_name"] = Repository;
        payload["repository"]!["name"] = "Hello-World";
        payload["repository"]!["owner"]!["login"] = "Codertocat";
        using var sync = await _client.SendAsync(WebhookSigner.Delivery("pull_request", payload.ToJsonString(), ReviewBotApplication.Secret));
        await Eventually(() => GitHub.ReviewComments.Any(c => c.InReplyTo == finding.Id && c.Body.StartsWith(PostedReviewState.FixedReply, StringComparison.Ordinal)),
            "the finding's thread to say it was fixed", 60_000);
        // The thread is resolved just after the reply (GraphQL), so wait for it too.
        await Eventually(() => GitHub.ReviewComments.Single(c => c.Id == finding.Id).Resolved, "the finding's thread to be resolved", 20_000);
    }

    [Test]
    public async Task A_verify_command_that_fails_pushes_nothing_and_replies_with_its_output_and_the_patch()
    {
        await StartAsync(verify: "echo the tests failed; exit 3");
        var finding = Finding();
        ScriptTheFix();

        var reply = await AskAsync("@agent fix this", finding);

        Assert.That(_remote.Head("hello", Branch), Is.EqualTo(_head), "nothing was pushed");
        Assert.That(reply, Does.StartWith("Nothing pushed: the verify command `echo the tests failed; exit 3` failed (exit code 3)"));
        Assert.That(reply, Does.Contain("the tests failed"), "the output's last lines");
        Assert.That(reply, Does.Contain("```suggestion\n    return a + b\n```"), "the patch, as a suggestion on the thread's line");
    }

    [Test]
    public async Task The_verify_command_runs_on_a_copy_without_git_so_it_cannot_plant_config_for_the_push()
    {
        // Inside the worktree `.git` exists (a pointer to the mirror); the copy the sandbox gets has none to rewrite.
        await StartAsync(verify: "test ! -e .git && grep -q 'a + b' src/calc.py");
        var finding = Finding();
        ScriptTheFix();

        var reply = await AskAsync("@agent fix this", finding);

        Assert.That(reply, Does.StartWith("Pushed"));
        Assert.That(Directory.GetDirectories(Path.Combine(Path.GetTempPath(), "reviewbot-tests")).SelectMany(d => Directory.Exists(Path.Combine(d, "fixes"))
            ? Directory.GetDirectories(Path.Combine(d, "fixes")) : []).Where(d => d.EndsWith("-verify", StringComparison.Ordinal)), Is.Empty, "the copy is thrown away");
    }

    [Test]
    public async Task Without_a_sandbox_a_fix_with_a_verify_command_is_not_pushed_and_the_reply_says_why()
    {
        await StartAsync(bwrap: "/nonexistent/bwrap");
        var finding = Finding();
        ScriptTheFix();

        var reply = await AskAsync("@agent fix this", finding);

        Assert.That(reply, Does.StartWith("Nothing pushed: the repository's verify command could not run: no sandbox is available here"));
        Assert.That(reply, Does.Contain("```suggestion\n    return a + b\n```"));
        Assert.That(_remote.Requests.Where(r => r.IsPush), Is.Empty);
    }

    [Test]
    public async Task A_pull_request_merged_while_the_fix_was_made_gets_nothing_pushed()
    {
        await StartAsync();
        var finding = Finding();
        _model.Then(Call("read_file", new { path = Calc, start_line = (int?)null, end_line = (int?)null }))
            .Then(_ =>
            {
                _pr.State = "closed";
                _pr.Merged = true;
                return Call("edit", new { path = Calc, old_text = "return a - b", new_text = "return a + b" });
            })
            .Then(Call("finish", new { summary = "`add` returns the sum again." }));

        var reply = await AskAsync("@agent fix this", finding);

        Assert.That(reply, Does.StartWith("Nothing pushed: the pull request was merged while I worked"));
        Assert.That(_remote.Requests.Where(r => r.IsPush), Is.Empty);
    }

    [Test]
    public async Task A_fork_that_does_not_allow_edits_gets_the_patch_as_a_suggestion_and_no_push()
    {
        await StartAsync(pull: pr => { pr.HeadRepository = "someone/Hello-World"; pr.MaintainerCanModify = false; });
        var finding = Finding();
        ScriptTheFix();

        var reply = await AskAsync("@agent fix this", finding);

        Assert.That(_remote.Requests.Where(r => r.IsPush), Is.Empty);
        Assert.That(reply, Does.StartWith("Nothing pushed: the branch is in a fork that does not allow edits by maintainers"));
        Assert.That(reply, Does.Contain("```suggestion\n    return a + b\n```"));
    }

    [Test]
    public async Task A_branch_that_moved_meanwhile_gets_the_fix_rebased_once_and_never_a_force_push()
    {
        await StartAsync();
        var finding = Finding();
        _model.Then(Call("read_file", new { path = Calc, start_line = (int?)null, end_line = (int?)null }))
            .Then(request =>
            {
                // Someone pushes to the branch while the agent works.
                _remote.Advance("hello", Branch, "src/other.txt", "other\n");
                return Call("edit", new { path = Calc, old_text = "return a - b", new_text = "return a + b" });
            })
            .Then(Call("finish", new { summary = "`add` returns the sum again." }));

        var reply = await AskAsync("@agent fix this", finding);

        var pushed = _remote.Head("hello", Branch)!;
        var history = TestRepository.Run(_remote.BarePath("hello"), "log", "--format=%s", pushed).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(reply, Does.StartWith("Pushed"));
        Assert.That(history.Take(3), Is.EqualTo(new[] { "`add` returns the sum again.", "someone else's commit", "Tidy add" }), "rebased onto the other commit, which stays");
    }

    [Test]
    public async Task Someone_with_read_access_is_refused_and_nothing_is_committed()
    {
        await StartAsync();
        GitHub.Permissions[Writer.Login] = "read";
        var finding = Finding();
        ScriptTheFix();

        var ask = GitHub.AddReviewComment(_pr, Calc, 2, "@agent fix this", Writer, inReplyTo: finding.Id);
        var payload = JsonNode.Parse(File.ReadAllText(TestResources.Webhook("pull_request_review_comment", "created.1.payload.json")))!;
        payload["pull_request"]!["number"] = _pr.Number;
        payload["comment"]!["id"] = ask.Id;
        payload["comment"]!["in_reply_to_id"] = finding.Id;
        payload["comment"]!["body"] = "@agent fix this";
        payload["comment"]!["user"]!["login"] = Writer.Login;
        using var response = await _client.SendAsync(WebhookSigner.Delivery("pull_request_review_comment", payload.ToJsonString(), ReviewBotApplication.Secret));
        await Eventually(() => FinalReply(finding) is not null, "the refusal", 20_000);

        Assert.That(FinalReply(finding), Does.StartWith("Sorry @Codertocat, only people with write access"));
        Assert.That(_model.Requests, Is.Empty);
        Assert.That(_remote.Head("hello", Branch), Is.EqualTo(_head));
    }

    [Test]
    public async Task A_model_that_never_finishes_is_stopped_at_the_step_budget_and_nothing_is_pushed()
    {
        await StartAsync(maxSteps: 3);
        var finding = Finding();
        var n = 0;
        _model.Default = _ => Call("search", new { pattern = $"nothing-{n++}" });

        var reply = await AskAsync("@agent fix this", finding);

        Assert.That(reply, Does.StartWith("Nothing pushed:").And.Contain("3"));
        Assert.That(_remote.Requests.Where(r => r.IsPush), Is.Empty);
    }

    [Test]
    public async Task An_edit_outside_the_repository_or_to_a_workflow_is_refused_and_nothing_is_pushed()
    {
        await StartAsync();
        var finding = Finding();
        _model.Then(Call("edit", new { path = "../x", old_text = "", new_text = "x" }))
            .Then(Call("edit", new { path = ".github/workflows/ci.yml", old_text = "", new_text = "on: push" }))
            .Then(Call("edit", new { path = ".git/config", old_text = "", new_text = "[core]" }))
            .Then(Call("finish", new { summary = "done" }));

        var reply = await AskAsync("@agent fix this", finding);

        Assert.That(reply, Does.StartWith("Nothing pushed:"));
        Assert.That(_remote.Requests.Where(r => r.IsPush), Is.Empty);
        Assert.That(File.Exists(Path.Combine(Path.GetTempPath(), "reviewbot-tests", "x")), Is.False);
    }
}
