using System.Diagnostics;
using System.Text.Json.Nodes;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Evaluation;

/// <summary>
/// <c>reviewbot eval</c> end to end: the real OpenAI client against two scripted models (the reviewer and the judge),
/// the production engine, clones made from local remotes, a small benchmark in the real formats.
/// </summary>
public sealed class EvalCommandTests
{
    private EvalBench _bench = null!;

    [SetUp]
    public async Task Create() => _bench = await EvalBench.CreateAsync();

    [TearDown]
    public async Task Clean() => await _bench.DisposeAsync();

    [Test]
    public async Task A_model_that_plants_exactly_the_golden_issues_has_every_golden_comment_matched_by_its_one_candidate()
    {
        var clock = Stopwatch.StartNew();
        var (exit, output, error) = await _bench.RunMartianAsync();
        var elapsed = clock.Elapsed;

        var cases = EvalBench.Cases(_bench.Report());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.Zero, error);
            Assert.That(cases, Has.Count.EqualTo(2));
            Assert.That(cases.Select(c => c!["error"]), Is.All.Null);
            Assert.That(cases.Select(c => EvalBench.Count(c, "candidates")), Is.All.EqualTo(1));
            Assert.That(cases.Select(c => EvalBench.Count(c, "matches")), Is.All.EqualTo(1));
            Assert.That(cases.Select(c => c!["matches"]![0]!["golden"]!.GetValue<int>()), Is.All.Zero);
            Assert.That(cases.Select(c => c!["matches"]![0]!["candidate"]!.GetValue<int>()), Is.All.Zero);
            Assert.That(cases.Select(c => c!["fabricated"]!.GetValue<int>()), Is.All.Zero);
            Assert.That(cases.Select(c => c!["candidates"]![0]!["origin"]!.GetValue<string>()), Is.All.EqualTo("finding"));
            Assert.That(output, Does.Contain("2 of 2 case(s) ran").And.Contain("2 of 2 golden comment(s) matched"));
        }
        // For the lead's estimate: what the scripted run measures (the FakeModel's usage numbers are scripted; the
        // prompts' real sizes are counted here with the engine's own tokenizer).
        var counter = new ReviewBot.Context.TokenCounter();
        TestContext.Out.WriteLine($"2 cases in {elapsed.TotalSeconds:0.0} s; per case: " + string.Join("; ", cases.Select(c => $"{c!["elapsed"]} {c["tokens"]!.ToJsonString()}")));
        TestContext.Out.WriteLine("review prompts (o200k tokens): " + string.Join(", ", _bench.Model.Requests.Select(r => counter.Count(FakeModel.Prompt(r)))) +
            "; judge prompts: " + string.Join(", ", _bench.Judge.Requests.Select(r => counter.Count(FakeModel.Prompt(r)))));
    }

    [Test]
    public async Task A_run_writes_its_scores_and_report_page_beside_the_report_and_prints_the_scores_table()
    {
        var (exit, output, error) = await _bench.RunMartianAsync();

        var scores = JsonNode.Parse(File.ReadAllText(Path.Combine(_bench.Out, "scores.json")))!;
        var page = File.ReadAllText(Path.Combine(_bench.Out, "report.html"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.Zero, error);
            Assert.That(scores["schema"]!.GetValue<string>(), Is.EqualTo("reviewbot-eval-scores/1"));
            Assert.That(scores["overall"]!["f1"]!.GetValue<double>(), Is.EqualTo(1.0));
            Assert.That(page, Does.StartWith("<!DOCTYPE html>").IgnoreCase.And.Contain("acme/billing").And.Contain("<svg"));
            Assert.That(output, Does.Contain("pooled over PRs (micro)").And.Contain("scores in ").And.Contain("report.html"));
        }
    }

    [TestCase(new string[0], 0, 0)]
    [TestCase(new[] { "--priority", "P3", "--confidence", "0.5" }, 1, 1)]
    public async Task A_loosened_threshold_keeps_the_doubtful_finding_the_default_drops_and_caches_apart(string[] threshold, int candidates, int matches)
    {
        _bench.Planting = Planting.Doubtful;

        var (exit, _, error) = await _bench.RunMartianAsync(threshold);

        var billing = EvalBench.Cases(_bench.Report()).Single(c => c!["case"]!["repository"]!.GetValue<string>() == "acme/billing");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.Zero, error);
            Assert.That(EvalBench.Count(billing, "candidates"), Is.EqualTo(candidates));
            Assert.That(EvalBench.Count(billing, "matches"), Is.EqualTo(matches));
            Assert.That(Directory.GetDirectories(Path.Combine(_bench.Out, "cache")).Select(Path.GetFileName).Single(),
                threshold.Length == 0 ? Is.EqualTo("fake-model") : Is.EqualTo("fake-model_P3-0.5"));
        }
    }

    [TestCase("--priority", "P9")]
    [TestCase("--priority", "high")]
    [TestCase("--confidence", "1.5")]
    [TestCase("--confidence", "NaN")]
    public async Task A_threshold_that_is_not_one_ends_with_exit_2_naming_the_option(string option, string value)
    {
        var (exit, _, error) = await _bench.RunMartianAsync(option, value);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error, Does.Contain(option));
        }
    }

    [Test]
    public async Task The_same_run_in_the_SWE_PRBench_format_matches_the_human_comments_too()
    {
        var (exit, _, error) = await _bench.RunAsync("--swe-prbench", _bench.SwePrBenchFile,
            "--github-url", new Uri(_bench.Remotes + "/").AbsoluteUri, "--out", _bench.Out);

        var cases = EvalBench.Cases(_bench.Report());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.Zero, error);
            Assert.That(cases.Select(c => c!["case"]!["source"]!.GetValue<string>()), Is.All.EqualTo("swePrBench"));
            Assert.That(cases.Select(c => c!["case"]!["id"]!.GetValue<string>()), Is.EqualTo(new[] { "billing__1", "shop__1" }));
            Assert.That(cases.Select(c => EvalBench.Count(c, "matches")), Is.All.EqualTo(1));
            Assert.That(cases.Select(c => EvalBench.Count(c, "candidates")), Is.All.EqualTo(1));
        }
    }

    /// <summary>
    /// Nothing planted, or only findings with invented evidence, on a line the change does not touch, or in a file it does
    /// not have: no candidates and no matches either way; only the second are counted as fabricated. Nothing reaches the
    /// judge: an intent that matches states no problem, and there are no candidates to compare.
    /// </summary>
    [TestCase(Planting.Nothing, new[] { 0, 0 })]
    [TestCase(Planting.Fabricated, new[] { 2, 1 })]
    public async Task A_model_that_plants_nothing_verifiable_gives_no_candidates_and_no_matches_and_its_inventions_count_as_fabricated(
        Planting planting, int[] fabricated)
    {
        _bench.Planting = planting;

        var (exit, _, error) = await _bench.RunMartianAsync();

        var cases = EvalBench.Cases(_bench.Report());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.Zero, error);
            Assert.That(cases.Select(c => EvalBench.Count(c, "candidates")), Is.All.Zero);
            Assert.That(cases.Select(c => EvalBench.Count(c, "matches")), Is.All.Zero);
            Assert.That(cases.Select(c => c!["fabricated"]!.GetValue<int>()), Is.EqualTo(fabricated));
            Assert.That(_bench.Judge.Requests, Is.Empty);
        }
    }

    [Test]
    public async Task A_rerun_after_a_partial_run_does_not_ask_the_model_again_for_the_finished_case()
    {
        var (first, _, _) = await _bench.RunMartianAsync("--limit", "1");
        var (reviewsAfterFirst, judgementsAfterFirst) = (_bench.Model.Requests.Count, _bench.Judge.Requests.Count);

        var (second, _, error) = await _bench.RunMartianAsync();

        var cases = EvalBench.Cases(_bench.Report());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.Zero);
            Assert.That(second, Is.Zero, error);
            Assert.That(reviewsAfterFirst, Is.EqualTo(1));
            Assert.That(_bench.Model.Requests, Has.Count.EqualTo(2), "one review per pull request, over both runs");
            Assert.That(_bench.Judge.Requests.Count - judgementsAfterFirst, Is.LessThan(_bench.Judge.Requests.Count));
            Assert.That(cases, Has.Count.EqualTo(2));
            Assert.That(cases.Select(c => EvalBench.Count(c, "matches")), Is.All.EqualTo(1));
        }
    }

    [Test]
    public async Task A_case_that_failed_is_tried_again_on_the_next_run()
    {
        _bench.Model.Then(FakeModelReply.Error(400, "context length exceeded"));
        var (first, _, _) = await _bench.RunMartianAsync("--limit", "1");
        var failed = EvalBench.Cases(_bench.Report())[0]!["error"]?.GetValue<string>();

        var (second, _, error) = await _bench.RunMartianAsync("--limit", "1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.EqualTo(3));
            Assert.That(failed, Is.Not.Null);
            Assert.That(second, Is.Zero, error);
            Assert.That(EvalBench.Cases(_bench.Report())[0]!["error"], Is.Null);
        }
    }

    [Test]
    public async Task A_judge_that_keeps_answering_garbage_is_asked_again_then_the_case_records_the_judge_error()
    {
        _bench.Judge.Default = request => FakeModel.Prompt(request).Contains("extract individual issues", StringComparison.Ordinal)
            ? EvalBench.Judgement(request)
            : FakeModelReply.Content("I think they match, probably.");

        var (exit, output, error) = await _bench.RunMartianAsync("--limit", "1");

        var only = EvalBench.Cases(_bench.Report())[0]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.EqualTo(3), error);
            Assert.That(only["error"]!.GetValue<string>(), Does.StartWith("the judge gave no usable answer for 1 of 1 comparison(s)"));
            Assert.That(_bench.Judge.Requests.Count(r => FakeModel.Prompt(r).Contains("Candidate Issue", StringComparison.Ordinal)), Is.EqualTo(2));
            Assert.That(output, Does.Contain("1 failed"));
        }
    }

    [Test]
    public async Task A_pull_request_already_merged_is_reviewed_against_the_branch_just_before_its_merge_commit()
    {
        _bench.MergeShop();

        var (exit, _, error) = await _bench.RunMartianAsync();

        var shop = EvalBench.Cases(_bench.Report())[1]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.Zero, error);
            Assert.That(shop["error"], Is.Null);
            Assert.That(EvalBench.Count(shop, "matches"), Is.EqualTo(1));
            // The diff the model saw is the pull request's, not the later work on main nor nothing at all.
            var prompt = FakeModel.Prompt(_bench.Model.Requests[1]);
            Assert.That(prompt, Does.Contain("def discounted(items, percent):").And.Not.Contain("NOTES.md").And.Not.Contain("README.md"));
        }
    }

    [Test]
    public async Task A_clone_that_fails_gives_that_case_an_error_and_the_run_goes_on()
    {
        Directory.Delete(Path.Combine(_bench.Remotes, "acme", "billing"), recursive: true);

        var (exit, _, _) = await _bench.RunMartianAsync();

        var cases = EvalBench.Cases(_bench.Report());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.EqualTo(3));
            Assert.That(cases[0]!["error"]!.GetValue<string>(), Does.StartWith("git: git clone failed"));
            Assert.That(cases[1]!["error"], Is.Null);
            Assert.That(EvalBench.Count(cases[1], "matches"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Candidates_json_has_the_Martian_pipeline_shape_keyed_by_the_pull_request_url()
    {
        await _bench.RunMartianAsync();

        var candidates = JsonNode.Parse(File.ReadAllText(Path.Combine(_bench.Out, "candidates.json")))!.AsObject();
        var billing = candidates["https://github.com/acme/billing/pull/1"]!["reviewbot"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(candidates.Select(p => p.Key), Is.EquivalentTo(new[] { "https://github.com/acme/billing/pull/1", "https://github.com/acme/shop/pull/1" }));
            Assert.That(candidates.Select(p => ((JsonObject)p.Value!).Select(t => t.Key).Single()), Is.All.EqualTo("reviewbot"));
            Assert.That(billing.Select(c => ((JsonObject)c!).Select(p => p.Key).ToArray()), Is.All.EqualTo(new[] { "text", "path", "line", "source" }));
            Assert.That(billing[0]!["text"]!.GetValue<string>(), Does.StartWith("Loop skips the first invoice line: "));
            Assert.That(billing[0]!["path"]!.GetValue<string>(), Is.EqualTo(BillingRepository.InvoicePath));
            Assert.That(billing[0]!["line"]!.GetValue<int>(), Is.EqualTo(12));
            Assert.That(billing[0]!["source"]!.GetValue<string>(), Is.EqualTo("extracted"));
        }
    }

    [Test]
    public async Task A_clean_set_records_the_findings_of_each_clean_change_from_offline_clones()
    {
        var list = Path.Combine(_bench.Root, "clean.txt");
        File.WriteAllText(list, $"# changes we know are sound\n\nacme/billing {_bench.Commits["acme/billing"].Head}\nacme/shop {_bench.Commits["acme/shop"].Head}\n");

        var (exit, _, error) = await _bench.RunAsync("--clean", list, "--repos", _bench.Remotes, "--out", _bench.Out);

        var cases = EvalBench.Cases(_bench.Report());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.Zero, error);
            Assert.That(cases.Select(c => c!["case"]!["source"]!.GetValue<string>()), Is.All.EqualTo("clean"));
            Assert.That(cases.Select(c => EvalBench.Count(c, "candidates")), Is.All.EqualTo(1), "the planted finding of each change is noise on a clean PR");
            Assert.That(cases.Select(c => EvalBench.Count(c, "matches")), Is.All.Zero);
        }
    }

    [Test]
    public async Task Without_a_judge_a_golden_benchmark_is_refused_before_anything_runs()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var settings = _bench.Settings();
        settings.Remove("Judge:Endpoint");
        settings.Remove("Judge:Name");

        var exit = await ReviewBot.Cli.CommandLine.RunAsync(["eval", "--martian", _bench.MartianFolder, "--out", _bench.Out], output, error, settings);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error.ToString(), Does.Contain("Judge__Endpoint"));
            Assert.That(_bench.Model.Requests, Is.Empty);
        }
    }

    [Test]
    public async Task A_wrong_golden_file_ends_the_verb_with_exit_2_and_one_line_naming_the_file_and_entry()
    {
        var file = Path.Combine(_bench.MartianFolder, "golden_comments", "shop.json");
        File.WriteAllText(file, """[{"pr_title":"t","url":"https://github.com/acme/shop/pull/1","comments":[{"comment":null}]}]""");

        var (exit, output, error) = await _bench.RunMartianAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(output, Is.Empty);
            Assert.That(error.Trim(), Is.EqualTo($"reviewbot eval: {file}: entry 1 (https://github.com/acme/shop/pull/1): comment 1: 'comment' is missing or empty; it must be a string."));
            Assert.That(_bench.Model.Requests, Is.Empty);
        }
    }

    [TestCase(new string[0], "give one benchmark: --martian, --swe-prbench or --clean.")]
    [TestCase(new[] { "--martian", "a", "--clean", "b" }, "give one benchmark, not --martian and --clean.")]
    [TestCase(new[] { "--clean", "b", "--limit", "0" }, "--limit must be a positive whole number (was \"0\").")]
    [TestCase(new[] { "--clean", "b", "--github-url", "github.com" }, "--github-url must be an absolute https, http or file URL (was \"github.com\").")]
    public async Task A_wrong_command_line_is_exit_2_with_the_usage(string[] args, string message)
    {
        File.WriteAllText(Path.Combine(_bench.Root, "b"), "acme/shop 0123abcd\n");
        var (exit, _, error) = await _bench.RunAsync([.. args.Select(a => a is "a" or "b" ? Path.Combine(_bench.Root, a) : a)]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error, Does.StartWith($"reviewbot eval: {message} usage: reviewbot eval"));
        }
    }

    [TestCase("Judge:Endpoint", "ftp://judge.example", "Judge:Endpoint must be an absolute http(s) URL")]
    [TestCase("Judge:Name", "", "Judge:Endpoint is set but Judge:Name is not")]
    [TestCase("Judge:MaxConcurrency", "0", "MaxConcurrency")]
    public async Task Judge_settings_are_validated_like_the_models(string key, string value, string message)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var settings = _bench.Settings();
        settings[key] = value;

        var exit = await ReviewBot.Cli.CommandLine.RunAsync(["eval", "--martian", _bench.MartianFolder, "--out", _bench.Out], output, error, settings);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(error.ToString(), Does.StartWith("reviewbot eval: invalid settings:").And.Contain(message));
            Assert.That(_bench.Model.Requests, Is.Empty);
        }
    }
}
