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
}
