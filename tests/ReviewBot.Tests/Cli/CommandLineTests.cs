using System.Text.Json.Nodes;
using ReviewBot.Cli;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Cli;

/// <summary>The verbs as a user runs them: output on standard out, one-line errors on standard error, exit codes.</summary>
public sealed class CommandLineTests
{
    private TestRepository _repo = null!;
    private string _workspace = "";

    [SetUp]
    public void Create()
    {
        (_repo, _, _) = BillingRepository.Create();
        _workspace = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "cli-" + Guid.NewGuid().ToString("N")[..8]);
    }

    [TearDown]
    public void Clean() => _repo.Dispose();

    private async Task<(int Exit, string Output, string Error)> RunAsync(IDictionary<string, string?>? settings, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Workspace:Root"] = _workspace };
        all.TryAdd("Model:Endpoint", null);
        var exit = await CommandLine.RunAsync(args, output, error, all);
        return (exit, output.ToString(), error.ToString());
    }

    [Test]
    public async Task Context_json_is_the_contract_and_stays_within_the_budget()
    {
        var (exit, output, _) = await RunAsync(null, "context", "--repo", _repo.Path, "--base", "main", "--head", "feature", "--budget", "4000", "--json");

        var json = JsonNode.Parse(output)!.AsObject();
        var items = json["items"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.Zero);
            Assert.That(json.Select(p => p.Key), Is.EqualTo(new[] { "base", "head", "budgetTokens", "usedTokens", "items" }));
            Assert.That(json["head"]!.GetValue<string>(), Is.EqualTo(_repo.Git("rev-parse", "feature").Trim()));
            Assert.That(json["budgetTokens"]!.GetValue<int>(), Is.EqualTo(4000));
            Assert.That(json["usedTokens"]!.GetValue<int>(), Is.LessThanOrEqualTo(4000).And.EqualTo(items.Sum(i => i!["tokens"]!.GetValue<int>())));
            Assert.That(items.Select(i => ((JsonObject)i!).Select(p => p.Key).ToArray()),
                Is.All.EqualTo(new[] { "kind", "path", "startLine", "endLine", "symbol", "reason", "tokens" }));
            Assert.That(items.Select(i => i!["kind"]!.GetValue<string>()), Is.All.AnyOf("diff", "definition", "caller", "test", "guidance"));
            Assert.That(items[0]!["kind"]!.GetValue<string>(), Is.EqualTo("diff"));
            Assert.That(items.Any(i => i!["kind"]!.GetValue<string>() == "definition" && i["symbol"]!.GetValue<string>() == "Apply"), Is.True);
        }
    }

    [Test]
    public async Task Context_text_shows_secrets_masked_as_the_model_would_get_them()
    {
        const string token = "ghp_ox9yimTcfipZGnzPbDFDyFKm51zfFoWbSrHA";
        _repo.Checkout("feature");
        _repo.Write("deploy.env", $"GITHUB_TOKEN={token}\n").Commit("deploy");

        var (exit, output, _) = await RunAsync(null, "context", "--repo", _repo.Path, "--base", "main", "--head", "feature");

        Assert.That(exit, Is.Zero);
        Assert.That(output, Does.Contain("GITHUB_TOKEN=[masked: GitHub token]").And.Not.Contain(token));
    }

    [Test]
    public async Task Review_without_a_model_says_which_settings_to_set_and_suggests_context()
    {
        var (exit, output, error) = await RunAsync(null, "review", "--repo", _repo.Path, "--base", "main", "--head", "feature");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("Model__Endpoint").And.Contain("Model__Name").And.Contain("reviewbot context --repo"));
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1));
    }

    [TestCase("review --repo {tmp}", 1, "is not a git repository")]
    [TestCase("review --repo {repo} --head nope", 1, "the ref \"nope\" does not exist")]
    [TestCase("context --repo {repo} --base main --head feature --frobnicate", 2, "unknown option --frobnicate")]
    [TestCase("context --repo {repo} --base main", 2, "--head is required")]
    [TestCase("context --repo {repo} --base main --head feature --budget lots", 2, "--budget must be a positive whole number")]
    [TestCase("context --repo {repo} --base main --head feature --budget 99999999999", 2, "--budget must be at most 2147483647 (was \"99999999999\")")]
    [TestCase("context --repo {repo} --base main --head feature --budget 0", 2, "--budget must be a positive whole number")]
    [TestCase("review --repo {repo} --format xml", 2, "--format must be text, json or sarif")]
    [TestCase("review --repo", 2, "--repo needs a value")]
    public async Task Mistakes_get_one_line_and_a_non_zero_exit(string commandLine, int expectedExit, string expected)
    {
        var tmp = Directory.CreateTempSubdirectory("reviewbot-notrepo");
        try
        {
            var args = commandLine.Replace("{tmp}", tmp.FullName, StringComparison.Ordinal).Replace("{repo}", _repo.Path, StringComparison.Ordinal).Split(' ');
            var (exit, output, error) = await RunAsync(null, args);

            Assert.That(exit, Is.EqualTo(expectedExit));
            Assert.That(output, Is.Empty);
            Assert.That(error, Does.Contain(expected));
            Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), error);
            Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
        }
        finally
        {
            tmp.Delete(recursive: true);
        }
    }

    [TestCase("not json at all")]
    [TestCase("""{"findings":[]}""")]
    public async Task A_review_whose_model_gives_no_usable_answer_is_not_reported_clean_and_exits_3(string answer)
    {
        await using var model = await FakeModel.StartAsync();
        model.Default = _ => FakeModelReply.Content(answer);

        var (exit, output, _) = await RunAsync(model.Settings(), "review", "--repo", _repo.Path, "--base", "main", "--head", "feature");

        Assert.That(exit, Is.EqualTo(3));
        Assert.That(output, Does.Contain("The review is incomplete: 1 of 1 part(s)").And.Not.Contain("no problems found"));
        Assert.That(output, Does.Contain("(see \"Left out\" below)").And.Contain("\nLeft out:\ndropped (model): no usable answer"),
            "the pointer names a section the output has");
    }

    [Test]
    public async Task A_base_with_no_history_in_common_with_the_head_is_one_line_and_no_model_call()
    {
        await using var model = await FakeModel.StartAsync();
        _repo.Git("checkout", "--orphan", "alone");
        _repo.Write("z.txt", "z\n");
        _repo.Commit("alone");

        var (exit, output, error) = await RunAsync(model.Settings(), "review", "--repo", _repo.Path, "--base", "alone", "--head", "feature");

        Assert.That((exit, output), Is.EqualTo((1, "")));
        Assert.That(error, Does.Contain("have no common history"));
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), error);
        Assert.That(model.Requests, Is.Empty);
    }

    [Test]
    public async Task A_model_that_refuses_the_key_is_reported_as_an_authentication_failure()
    {
        await using var model = await FakeModel.StartAsync();
        model.Default = _ => FakeModelReply.Error(401, "Incorrect API key provided.");

        var (exit, output, error) = await RunAsync(model.Settings(), "review", "--repo", _repo.Path, "--base", "main", "--head", "feature");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("authentication failed").And.Contain("Model__ApiKey").And.Not.Contain("could not be reached"));
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), error);
    }

    [Test]
    public async Task Review_prints_findings_as_text_json_and_sarif()
    {
        await using var model = await FakeModel.StartAsync();
        model.Default = _ => FakeModelReply.Review("matches", "Totals go through discounts.",
            FakeModelReply.Finding(BillingRepository.InvoicePath, 12, 12, "P1", 0.9, "Loop skips the first invoice line", "First amount never added.",
                [(BillingRepository.InvoicePath, 12, BillingRepository.BuggyLoop)]));

        var text = await RunAsync(model.Settings(), "review", "--repo", _repo.Path, "--base", "main", "--head", "feature");
        var json = await RunAsync(model.Settings(), "review", "--repo", _repo.Path, "--base", "main", "--head", "feature", "--format", "json");
        var sarif = await RunAsync(model.Settings(), "review", "--repo", _repo.Path, "--base", "main", "--head", "feature", "--format", "sarif");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(text.Exit, Is.Zero, text.Error);
            Assert.That(text.Output, Does.Contain("src/Billing/Invoice.cs:12: P1 Loop skips the first invoice line"));
            Assert.That(JsonNode.Parse(json.Output)!["findings"]![0]!["priority"]!.GetValue<string>(), Is.EqualTo("P1"));
            Assert.That(JsonNode.Parse(json.Output)!["intent"]!["verdict"]!.GetValue<string>(), Is.EqualTo("matches"));
            var result = JsonNode.Parse(sarif.Output)!["runs"]![0]!["results"]![0]!;
            Assert.That(result["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!.GetValue<int>(), Is.EqualTo(12));
            Assert.That(result["level"]!.GetValue<string>(), Is.EqualTo("error"));
        }
    }

    [Test]
    public async Task Json_output_keeps_angle_brackets_and_plus_signs_as_they_are()
    {
        await using var model = await FakeModel.StartAsync();
        model.Default = _ => FakeModelReply.Review("matches", "List<decimal> totals go through a+b > c.",
            FakeModelReply.Finding(BillingRepository.InvoicePath, 12, 12, "P1", 0.9, "Loop skips List<decimal>'s first item", "i = 1 + off by one.",
                [(BillingRepository.InvoicePath, 12, BillingRepository.BuggyLoop)]));

        var json = await RunAsync(model.Settings(), "review", "--repo", _repo.Path, "--base", "main", "--head", "feature", "--format", "json");
        var sarif = await RunAsync(model.Settings(), "review", "--repo", _repo.Path, "--base", "main", "--head", "feature", "--format", "sarif");

        Assert.That(json.Exit, Is.Zero, json.Error);
        Assert.That(json.Output, Does.Contain("List<decimal> totals go through a+b > c.").And.Contain("i = 1 + off by one.").And.Contain("i < _lines.Count"));
        Assert.That(json.Output + sarif.Output, Does.Not.Contain("\\u003C").And.Not.Contain("\\u002B").And.Not.Contain("\\u003E"));
        Assert.That(sarif.Output, Does.Contain("Loop skips List<decimal>'s first item"));
    }

    [Test]
    public async Task Sarif_rules_are_described_and_the_tool_has_a_version_and_no_made_up_address()
    {
        await using var model = await FakeModel.StartAsync();
        var (exit, output, error) = await RunAsync(model.Settings(), "review", "--repo", _repo.Path, "--base", "main", "--head", "feature", "--format", "sarif");

        var driver = JsonNode.Parse(output)!["runs"]![0]!["tool"]!["driver"]!;
        var rules = driver["rules"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.Zero, error);
            Assert.That(driver["version"]!.GetValue<string>(), Is.EqualTo(CliHelp.Version()).And.Match(@"^\d+\.\d+\.\d+"));
            Assert.That(driver["informationUri"], Is.Null, "the project has no RepositoryUrl, so no address is given");
            Assert.That(rules.Select(r => r!["id"]!.GetValue<string>()), Is.EqualTo(new[] { "reviewbot/P0", "reviewbot/P1", "reviewbot/P2", "reviewbot/P3" }));
            Assert.That(rules.Select(r => r!["fullDescription"]?["text"]?.GetValue<string>()), Is.All.Not.Null.And.All.Length.GreaterThan(10));
            Assert.That(rules.Select(r => r!["help"]?["text"]?.GetValue<string>()), Is.All.Not.Null.And.All.Length.GreaterThan(10));
            Assert.That(rules[0]!["fullDescription"]!["text"]!.GetValue<string>(), Does.Contain("security hole"));
        }
    }

    [TestCase("--help")]
    [TestCase("-h")]
    [TestCase("help")]
    public async Task Help_lists_the_commands(string help)
    {
        var (exit, output, error) = await RunAsync(null, help);

        Assert.That(exit, Is.Zero);
        Assert.That(error, Is.Empty);
        Assert.That(output, Does.Contain("review ").And.Contain("context ").And.Contain("eval ").And.Contain("serve ").And.Contain("--version"));
    }

    [TestCase("review", "usage: reviewbot review --repo PATH", "--format")]
    [TestCase("context", "usage: reviewbot context --repo PATH", "--budget")]
    [TestCase("eval", "usage: reviewbot eval (--martian DIR", "--swe-prbench")]
    public async Task A_command_explains_itself_with_help(string verb, string usage, string option)
    {
        var (exit, output, error) = await RunAsync(null, verb, "--repo", "/nowhere", "--help");

        Assert.That(exit, Is.Zero, error);
        Assert.That(output, Does.StartWith(usage).And.Contain(option).And.Contain("--verbose"));
    }

    [Test]
    public async Task Version_is_the_assemblys()
    {
        var (exit, output, _) = await RunAsync(null, "--version");

        Assert.That(exit, Is.Zero);
        Assert.That(output.Trim(), Is.EqualTo($"reviewbot {typeof(CommandLine).Assembly.GetName().Version!.ToString(3)}"));
    }

    [TestCase("reveiw")]
    [TestCase("Review")]
    [TestCase("-v")]
    public async Task An_unknown_command_is_refused_with_exit_2(string verb)
    {
        var (exit, output, error) = await RunAsync(null, verb, "--repo", ".");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error.Trim(), Is.EqualTo($"reviewbot: unknown command \"{verb}\". The commands are review, context, eval, action, register and serve; see reviewbot --help."));
    }

    [TestCase(new string[0], true)]
    [TestCase(new[] { "serve" }, true)]
    [TestCase(new[] { "serve", "--urls", "http://127.0.0.1:5000" }, true)]
    [TestCase(new[] { "--urls", "http://127.0.0.1:5000" }, true)]
    [TestCase(new[] { "--environment=Development" }, true)]
    [TestCase(new[] { "serve", "--help" }, false)]
    [TestCase(new[] { "review", "--repo", "." }, false)]
    [TestCase(new[] { "context" }, false)]
    [TestCase(new[] { "reveiw" }, false)]
    [TestCase(new[] { "--help" }, false)]
    [TestCase(new[] { "--version" }, false)]
    [TestCase(new[] { "urls" }, false)]
    public void Only_serve_no_arguments_or_options_alone_start_the_service(string[] args, bool startsServer) =>
        Assert.That(CommandLine.StartsServer(args), Is.EqualTo(startsServer));

    [Test]
    public void The_service_gets_the_arguments_after_serve() =>
        Assert.That(CommandLine.ServerArguments(["serve", "--urls", "http://x"]), Is.EqualTo(new[] { "--urls", "http://x" }));

    [Test]
    public async Task A_model_that_cannot_be_reached_is_one_line_and_verbose_adds_the_details()
    {
        var closed = new Dictionary<string, string?>
        {
            ["Model:Endpoint"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}/v1",
            ["Model:Name"] = "m",
            ["Model:Resilience:Retry:MaxRetryAttempts"] = "1",
            ["Model:Resilience:Retry:Delay"] = "00:00:00.010",
        };

        var quiet = await RunAsync(closed, "review", "--repo", _repo.Path, "--base", "main", "--head", "feature");
        var verbose = await RunAsync(closed, "review", "--repo", _repo.Path, "--base", "main", "--head", "feature", "--verbose");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(quiet.Exit, Is.EqualTo(1));
            Assert.That(quiet.Error.Trim().Split('\n'), Has.Length.EqualTo(1), quiet.Error);
            Assert.That(quiet.Error, Does.StartWith("reviewbot review: the model could not be reached").And.Not.Contain("   at "));
            Assert.That(verbose.Exit, Is.EqualTo(1));
            Assert.That(verbose.Error, Does.Contain("reviewbot review: the model could not be reached").And.Contain("Polly").And.Contain("   at "));
        }
    }

    [Test]
    public void An_unforeseen_failure_is_still_one_line_that_names_it()
    {
        var (exit, message) = CliFailures.Describe(new NotSupportedException("first line\nsecond line"), CommandLine.ReviewUsage);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(message, Is.EqualTo("failed: NotSupportedException: first line (run with --verbose for details)"));
    }


    [Test]
    public async Task The_readmes_command_lines_can_be_pasted_as_they_are()
    {
        var lines = ReadmeCommandLines();
        Assert.That(lines, Has.Count.GreaterThanOrEqualTo(3));
        foreach (var line in lines)
        {
            Assert.That(line, Does.Not.Contain("[").And.Not.Contain("]").And.Not.Contain("|"), "no placeholders to fill in");
            var args = line.Replace("--repo .", "--repo " + _repo.Path, StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var (exit, _, error) = await RunAsync(null, args);

            // Without a model, review stops after checking its command line and refs; context runs to the end.
            Assert.That(exit, args[0] == "review" ? Is.EqualTo(1) : Is.Zero, $"{line}\n{error}");
            Assert.That(error, args[0] == "review" ? Does.Contain("no model is configured") : Does.Not.Contain("reviewbot"), line);
        }
    }

    /// <summary>The <c>reviewbot ...</c> commands of the README's command-line section, without settings and redirections.</summary>
    private static List<string> ReadmeCommandLines()
    {
        var readme = File.ReadAllText(Path.Combine(SourceTree.Root, "README.md"));
        var start = readme.IndexOf("## Reviewing from the command line", StringComparison.Ordinal);
        var section = readme[start..readme.IndexOf("\n## ", start + 3, StringComparison.Ordinal)];
        return [.. section.Split('\n')
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"(?:^|\s|-- )(?:reviewbot )?((?:review|context) --[^>]*)"))
            .Where(m => m.Success && !m.Value.Contains("--help", StringComparison.Ordinal))
            .Select(m => m.Groups[1].Value.Trim())];
    }
}
