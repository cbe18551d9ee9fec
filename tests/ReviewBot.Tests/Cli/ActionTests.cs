using System.Text.Json.Nodes;
using ReviewBot.Cli;
using ReviewBot.Tests.Publishing;
using ReviewBot.Tests.TestSupport;
using static ReviewBot.Tests.TestSupport.FakeModelReply;

namespace ReviewBot.Tests.Cli;

/// <summary>
/// <c>reviewbot action</c> as a workflow step runs it: the run's variables, a real event file from GitHub's examples (values
/// adjusted), the run's token (not minted from the App's key) against the fake GitHub, the scripted model.
/// </summary>
public sealed class ActionTests : PublishingTest
{
    private string _token = "";
    private string _folder = "";
    private Dictionary<string, string?> _settings = [];

    [SetUp]
    public void GiveTheRunItsToken()
    {
        _token = GitHub.AddWorkflowToken();
        _settings = [];
        _folder = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "action-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_folder);
        Model.Default = _ => Review("partial", "Totals use the discount rules, but the loop drops the first line.", Loop());
    }

    [TearDown]
    public void RemoveTheRunsFiles() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task A_pull_request_event_is_reviewed_and_posted_once_and_a_second_run_on_the_same_head_posts_nothing()
    {
        var first = await ActionAsync("pull_request", PullRequestPayload("opened"));
        var writesBefore = Writes();
        var modelCalls = Model.Requests.Count;
        var second = await ActionAsync("pull_request", PullRequestPayload("opened"));

        var review = GitHub.Reviews.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Exit, Is.Zero, first.Error);
            Assert.That(first.Output, Does.Contain("reviewed Codertocat/Hello-World#2").And.Contain("1 finding(s), posted"));
            Assert.That(review.CommitId, Is.EqualTo(Head));
            Assert.That(GitHub.ReviewComments.Single(c => c.ReviewId == review.Id) is { Path: Invoice, Line: 12 }, Is.True);
            Assert.That(GitHub.CheckRunsFor(Head).Single() is { Status: "completed", AppId: FakeGitHub.ActionsAppId }, Is.True);
            Assert.That(GitHub.Requests.Where(r => r.Authorization.Length > 0).Select(r => r.Authorization), Is.All.EqualTo($"token {_token}").IgnoreCase, "the run's token, never an App's");
            Assert.That(second.Exit, Is.Zero, second.Error);
            Assert.That(Writes(), Is.EqualTo(writesBefore), "the second run wrote nothing");
            Assert.That(Model.Requests, Has.Count.EqualTo(modelCalls), "nor asked the model");
            Assert.That(second.Output, Does.Contain("nothing reviewed"));
        }
    }

    [Test]
    public async Task A_token_that_may_not_create_check_runs_still_posts_the_review_and_says_so_in_one_line()
    {
        GitHub.Faults = new FaultSchedule().Always("POST", "/check-runs", FaultKind.PermissionRefusal);

        var (exit, output, error) = await ActionAsync("pull_request", PullRequestPayload("opened"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.Zero, error);
            Assert.That(GitHub.Reviews, Has.Count.EqualTo(1));
            Assert.That(GitHub.CheckRunsFor(Head), Is.Empty);
            Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1).And.One.Contains("without a check run").And.One.Contains("checks: write"));
            Assert.That(output, Does.Contain("posted"));
        }
    }

    [Test]
    public async Task A_token_that_may_not_post_prints_the_findings_warns_and_writes_sarif()
    {
        // A fork's pull request: the token may read, and write nothing.
        GitHub.Faults = new FaultSchedule().Always("POST", "/check-runs", FaultKind.PermissionRefusal)
            .Always("POST", "/pulls/2/", FaultKind.PermissionRefusal).Always("POST", "/issues/2/", FaultKind.PermissionRefusal);
        var sarif = Path.Combine(_folder, "out", "..", "reviewbot.sarif");

        var (exit, output, error) = await ActionAsync("pull_request", PullRequestPayload("opened"), null, "--sarif", sarif);

        var results = JsonNode.Parse(File.ReadAllText(sarif))!["runs"]![0]!["results"]!.AsArray();
        var location = results.Single()!["locations"]![0]!["physicalLocation"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.Zero, error);
            Assert.That(output, Does.Contain($"{Invoice}:12: P1 Loop skips the first invoice line"));
            Assert.That(output.Split('\n').Where(l => l.StartsWith("::warning::", StringComparison.Ordinal)).ToList(),
                Has.Count.EqualTo(1).And.One.Contains("could not post the review").And.One.Contains("403").And.One.Contains(sarif));
            Assert.That(location["artifactLocation"]!["uri"]!.GetValue<string>(), Is.EqualTo(Invoice));
            Assert.That(location["region"]!["startLine"]!.GetValue<int>(), Is.EqualTo(12));
            Assert.That(GitHub.Reviews.Where(r => r.State != "PENDING"), Is.Empty);
            Assert.That(GitHub.Comments, Is.Empty);
        }
    }

    [Test]
    public async Task No_sarif_is_written_for_an_event_that_reviews_nothing()
    {
        var sarif = Path.Combine(_folder, "nothing.sarif");
        var payload = PullRequestPayload("opened");
        payload["action"] = "closed";

        var (exit, output, _) = await ActionAsync("pull_request", payload, null, "--sarif", sarif);

        Assert.That(exit, Is.Zero);
        Assert.That(output.Trim(), Is.EqualTo("reviewbot action: nothing to do for pull_request (pull_request.closed is not reviewed)."));
        Assert.That(File.Exists(sarif), Is.False);
    }

    [Test]
    public async Task No_sarif_is_written_for_a_head_reviewed_before_so_its_alerts_stay_open()
    {
        var sarif = Path.Combine(_folder, "again.sarif");
        await ActionAsync("pull_request", PullRequestPayload("opened"));

        var (exit, output, error) = await ActionAsync("pull_request", PullRequestPayload("synchronize"), null, "--sarif", sarif);

        Assert.That(exit, Is.Zero, error);
        Assert.That(output, Does.Contain("nothing reviewed").And.Contain("completed ReviewBot check run"));
        Assert.That(File.Exists(sarif), Is.False);
    }

    [Test]
    public async Task Sarif_is_written_when_the_review_was_posted_too()
    {
        var sarif = Path.Combine(_folder, "posted.sarif");

        var (exit, _, error) = await ActionAsync("pull_request", PullRequestPayload("opened"), null, "--sarif", sarif);

        Assert.That(exit, Is.Zero, error);
        Assert.That(JsonNode.Parse(File.ReadAllText(sarif))!["runs"]![0]!["results"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Without_a_model_it_names_the_settings_in_one_line_with_exit_2_and_asks_github_nothing()
    {
        _settings["Model:Endpoint"] = null;
        _settings["Model:Name"] = null;

        var (exit, output, error) = await ActionAsync("pull_request", PullRequestPayload("opened"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(output, Is.Empty);
            Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1).And.One.Contains("Model__Endpoint").And.One.Contains("Model__Name"));
            Assert.That(GitHub.Requests, Is.Empty);
        }
    }

    [Test]
    public async Task A_check_run_that_could_not_be_made_fails_the_step_instead_of_passing_it_as_reviewed()
    {
        GitHub.Faults = new FaultSchedule().Always("POST", "/check-runs", FaultKind.BadGateway);

        var (exit, output, error) = await ActionAsync("pull_request", PullRequestPayload("opened"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(output, Does.Not.Contain("nothing reviewed"));
            Assert.That(error.Trim().Split('\n').Last(), Is.EqualTo(
                $"reviewbot action: Codertocat/Hello-World#2 at {Head[..7]}: could not create or find the ReviewBot check run (see the log above)."));
            Assert.That(GitHub.Reviews, Is.Empty);
        }
    }

    [Test]
    public async Task A_re_run_of_the_workflow_reviews_a_head_that_has_a_completed_run_again()
    {
        await ActionAsync("pull_request", PullRequestPayload("opened"));
        var modelCalls = Model.Requests.Count;

        var (exit, output, error) = await ActionAsync("pull_request", PullRequestPayload("opened"), new() { ["GITHUB_RUN_ATTEMPT"] = "2" });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.Zero, error);
            Assert.That(output, Does.Contain("reviewed Codertocat/Hello-World#2"));
            Assert.That(Model.Requests, Has.Count.GreaterThan(modelCalls), "the model was asked again");
            Assert.That(GitHub.CheckRunsFor(Head), Has.Count.EqualTo(2).And.All.Matches<FakeCheckRun>(r => r is { Status: "completed" }));
        }
    }

    [TestCase("1")]
    [TestCase("")]
    [TestCase("two")]
    [TestCase("-3")]
    public async Task A_first_attempt_or_an_attempt_that_is_no_number_is_not_a_re_run(string attempt)
    {
        await ActionAsync("pull_request", PullRequestPayload("opened"));
        var modelCalls = Model.Requests.Count;

        var (exit, output, error) = await ActionAsync("pull_request", PullRequestPayload("opened"), new() { ["GITHUB_RUN_ATTEMPT"] = attempt });

        Assert.That(exit, Is.Zero, error);
        Assert.That(output, Does.Contain("nothing reviewed"));
        Assert.That(Model.Requests, Has.Count.EqualTo(modelCalls));
    }

    [TestCase(FakeGitHub.ActionsAppSlug, null, TestName = "A completed run of the Actions App without ReviewBot's external id (a workflow job named ReviewBot) is not a review")]
    [TestCase("another-app", "Codertocat/Hello-World#2", TestName = "A completed run of another App with ReviewBot's name and external id is not a review")]
    public async Task A_same_named_run_that_is_not_reviewbots_does_not_stop_the_review(string slug, string? externalId)
    {
        GitHub.CheckRuns[900] = new FakeCheckRun
        {
            Id = 900, Repository = Repository, Name = "ReviewBot", HeadSha = Head, AppId = 4242, AppSlug = slug,
            Status = "completed", Conclusion = "success", ExternalId = externalId,
        };

        var (exit, output, error) = await ActionAsync("pull_request", PullRequestPayload("opened"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.Zero, error);
            Assert.That(output, Does.Contain("posted"));
            Assert.That(GitHub.Reviews, Has.Count.EqualTo(1));
            Assert.That(GitHub.CheckRuns[900].Status, Is.EqualTo("completed"), "the other run is left as it was");
        }
    }

    [Test]
    public async Task What_the_model_wrote_cannot_become_a_workflow_command_when_the_findings_are_printed()
    {
        GitHub.Faults = new FaultSchedule().Always("POST", "/check-runs", FaultKind.PermissionRefusal)
            .Always("POST", "/pulls/2/", FaultKind.PermissionRefusal).Always("POST", "/issues/2/", FaultKind.PermissionRefusal);
        var hostile = Finding(Invoice, 12, 12, "P1", 0.92, "::add-mask::ghp_leaked",
            "The loop starts at 1.\n::error file=README.md,line=1::forged annotation\n::set-output name=x::y",
            [(Invoice, 12, BillingRepository.BuggyLoop)]);
        Model.Default = _ => Review("partial", "Fine.\n::stop-commands::guess\n::error::from the intent\n::guess::\n::add-mask::x", hostile);

        var (exit, output, error) = await ActionAsync("pull_request", PullRequestPayload("opened"));

        Assert.That(exit, Is.Zero, error);
        var lines = output.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("::stop-commands::reviewbot-", StringComparison.Ordinal));
        Assert.That(start, Is.GreaterThanOrEqualTo(0), output);
        var end = Array.IndexOf(lines, $"::{lines[start]["::stop-commands::".Length..]}::");
        Assert.That(end, Is.GreaterThan(start), "the block is ended by its own token");
        var commands = lines.Where((l, i) => (i < start || i > end) && l.TrimStart().StartsWith("::", StringComparison.Ordinal)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines[start..end], Has.Some.Contains("::add-mask::ghp_leaked").And.Some.Contains("::error::from the intent"), "the text is printed");
            Assert.That(commands, Has.Count.EqualTo(1).And.All.StartsWith("::warning::ReviewBot reviewed"), "the only live command is ReviewBot's own warning");
        }
    }

    [Test]
    public async Task An_agent_review_comment_from_a_writer_runs_the_review_in_the_same_process()
    {
        GitHub.Permissions["Codertocat"] = "write";

        var (exit, output, error) = await ActionAsync("issue_comment", CommentPayload("@agent review", "Codertocat"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.Zero, error);
            Assert.That(GitHub.Reactions.Single().Content, Is.EqualTo("eyes"));
            Assert.That(GitHub.Reviews.Single().CommitId, Is.EqualTo(Head));
            Assert.That(output, Does.Contain("acted on the comment by Codertocat").And.Contain("1 finding(s), posted"));
        }
    }

    [Test]
    public async Task An_agent_review_comment_from_someone_without_write_access_is_answered_and_reviews_nothing()
    {
        GitHub.Permissions["Codertocat"] = "read";

        var (exit, _, error) = await ActionAsync("issue_comment", CommentPayload("@agent review", "Codertocat"));

        Assert.That(exit, Is.Zero, error);
        Assert.That(GitHub.Comments.Single().Body, Does.Contain("only people with write access"));
        Assert.That(GitHub.Reviews, Is.Empty);
        Assert.That(Model.Requests, Is.Empty);
    }

    [Test]
    public async Task The_workspace_checkout_is_read_when_it_has_both_commits_so_nothing_is_fetched()
    {
        Pull.CloneUrl = new Uri(Path.Combine(_folder, "no-such-repository")).ToString();

        var (exit, _, error) = await ActionAsync("pull_request", PullRequestPayload("opened"), new() { ["GITHUB_WORKSPACE"] = Repo.Path });

        Assert.That(exit, Is.Zero, error);
        Assert.That(GitHub.Reviews, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_shallow_workspace_without_the_base_commit_falls_back_to_fetching()
    {
        using var shallow = TestRepository.Create();
        shallow.Write("README.md", "a checkout with one commit\n").Commit("depth 1");

        var (exit, _, error) = await ActionAsync("pull_request", PullRequestPayload("opened"), new() { ["GITHUB_WORKSPACE"] = shallow.Path });

        Assert.That(exit, Is.Zero, error);
        Assert.That(GitHub.Reviews, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Missing_variables_are_named_in_one_line_with_exit_2()
    {
        var (exit, output, error) = await ActionAsync("pull_request", PullRequestPayload("opened"), new() { ["GITHUB_TOKEN"] = "", ["GITHUB_EVENT_NAME"] = null });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(output, Is.Empty);
            Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1));
            Assert.That(error, Does.StartWith("reviewbot action: GITHUB_EVENT_NAME, GITHUB_TOKEN are not set"));
            Assert.That(GitHub.Requests, Is.Empty);
        }
    }

    [TestCase("{\"action\": ", "The body is not valid JSON")]
    [TestCase("[1, 2]", "The body must be a JSON object")]
    public async Task An_event_file_that_is_no_event_is_refused_in_one_line_with_exit_2(string body, string reason)
    {
        var path = Path.Combine(_folder, "broken.json");
        await File.WriteAllTextAsync(path, body);

        var (exit, _, error) = await ActionAsync("pull_request", null, new() { ["GITHUB_EVENT_PATH"] = path });

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1).And.One.Contains(reason).And.One.Contains("the pull_request event in"));
    }

    [Test]
    public async Task An_event_with_a_field_of_the_wrong_type_is_refused_with_the_routers_reason()
    {
        var payload = PullRequestPayload("opened");
        payload["number"] = "2";

        var (exit, _, error) = await ActionAsync("pull_request", payload);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1).And.One.Contains("number").And.One.Contains("a positive integer"));
        Assert.That(GitHub.Requests, Is.Empty);
    }

    [Test]
    public async Task An_event_file_that_does_not_exist_is_one_line_with_exit_2()
    {
        var missing = Path.Combine(_folder, "nowhere", "event.json");

        var (exit, _, error) = await ActionAsync("pull_request", null, new() { ["GITHUB_EVENT_PATH"] = missing });

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1).And.One.Contains("GITHUB_EVENT_PATH names no readable file").And.One.Contains(missing));
    }

    [Test]
    public async Task An_event_about_another_repository_than_the_runs_is_refused()
    {
        var (exit, _, error) = await ActionAsync("pull_request", PullRequestPayload("opened"), new() { ["GITHUB_REPOSITORY"] = "someone/else" });

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("the event is about Codertocat/Hello-World, but GITHUB_REPOSITORY is someone/else"));
        Assert.That(GitHub.Requests, Is.Empty);
    }

    [Test]
    public async Task An_event_it_does_not_handle_is_nothing_to_do_with_exit_0()
    {
        var push = JsonNode.Parse(File.ReadAllBytes(TestResources.Webhook("ping", "event.1.payload.json")))!;

        var (exit, output, error) = await ActionAsync("push", push);

        Assert.That(exit, Is.Zero);
        Assert.That(output.Trim(), Is.EqualTo("reviewbot action: nothing to do for push (push events are not handled)."));
        Assert.That(error, Is.Empty);
        Assert.That(GitHub.Requests, Is.Empty);
    }

    [Test]
    public async Task Action_help_describes_the_variables_and_never_starts_the_server()
    {
        using var output = new StringWriter();

        var exit = await CommandLine.RunAsync(["action", "--help"], output, TextWriter.Null, null, new Dictionary<string, string?>());

        Assert.That(exit, Is.Zero);
        Assert.That(output.ToString(), Does.Contain("GITHUB_EVENT_PATH").And.Contain("--sarif PATH"));
        Assert.That(CommandLine.StartsServer(["action"]), Is.False);
        Assert.That(CommandLine.StartsServer(["action", "--sarif", "x"]), Is.False);
    }

    [Test]
    public void Inert_text_is_fenced_by_a_new_random_token_each_time()
    {
        var first = WorkflowCommands.Inert("::error::x");
        var second = WorkflowCommands.Inert("::error::x");

        Assert.That(first, Does.Match(@"^::stop-commands::(reviewbot-[0-9a-f]{32})\n::error::x\n::\1::\n$"));
        Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    public void A_warning_cannot_end_early_or_start_another_workflow_command()
    {
        Assert.That(WorkflowCommands.Warning("50% done\n::error::injected\r"), Is.EqualTo("::warning::50%25 done%0A::error::injected%0D"));
    }

    private List<RecordedRequest> Writes() => GitHub.Requests.Where(r => r.Method is not "GET" && !r.Path.EndsWith("/graphql", StringComparison.Ordinal)).ToList();

    /// <summary>GitHub's example of a comment on a pull request, moved onto pull request #2 of the fake's repository.</summary>
    private JsonNode CommentPayload(string body, string author)
    {
        var json = JsonNode.Parse(File.ReadAllBytes(TestResources.Webhook("issue_comment", "created.6.payload.json")))!;
        json["repository"] = PullRequestPayload("opened")["repository"]!.DeepClone();
        json["issue"]!["number"] = Pull.Number;
        json["comment"]!["body"] = body;
        json["comment"]!["user"]!["login"] = author;
        json["sender"]!["login"] = author;
        return json;
    }

    /// <summary>The step: the event written where the runner writes it, the run's variables, the model's settings.</summary>
    private async Task<(int Exit, string Output, string Error)> ActionAsync(string eventName, JsonNode? payload,
        Dictionary<string, string?>? environment = null, params string[] args)
    {
        var eventPath = Path.Combine(_folder, "event.json");
        if (payload is not null)
        {
            await File.WriteAllTextAsync(eventPath, payload.ToJsonString());
        }
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["GITHUB_EVENT_NAME"] = eventName,
            ["GITHUB_EVENT_PATH"] = eventPath,
            ["GITHUB_TOKEN"] = _token,
            ["GITHUB_REPOSITORY"] = Repository,
            ["GITHUB_API_URL"] = GitHub.BaseUrl.ToString().TrimEnd('/'),
        };
        foreach (var (name, value) in environment ?? [])
        {
            variables[name] = value;
        }
        return await RunAsync(Model, _folder, variables, ["action", .. args], _settings);
    }

    /// <summary>A verb of the command line with the settings a test run needs (no pauses between writes, fast retries).</summary>
    internal static async Task<(int Exit, string Output, string Error)> RunAsync(FakeModel model, string folder,
        IReadOnlyDictionary<string, string?> environment, string[] args, IReadOnlyDictionary<string, string?>? more = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var settings = model.Settings(new Dictionary<string, string?>
        {
            ["Workspace:Root"] = Path.Combine(folder, "workspace"),
            ["GitHub:MinMutationInterval"] = "00:00:00",
            ["GitHub:Resilience:Retry:Delay"] = "00:00:00.010",
            ["GitHub:SecondaryRateLimitWait"] = "00:00:00.050",
        });
        foreach (var (name, value) in more ?? new Dictionary<string, string?>())
        {
            settings[name] = value;
        }
        var exit = await CommandLine.RunAsync(args, output, error, settings, environment);
        return (exit, output.ToString(), error.ToString());
    }
}
