using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReviewBot.Evaluation;
using ReviewBot.Model;
using ReviewBot.Reviews;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;

namespace ReviewBot.Tests.Evaluation;

/// <summary>The runner on its own: an interrupted run, and the summary split into issues by the judge.</summary>
public sealed class EvalRunnerTests
{
    private EvalBench _bench = null!;
    private IHost _host = null!;

    [SetUp]
    public async Task Create()
    {
        _bench = await EvalBench.CreateAsync();
        _host = EngineHost.Create(_bench.Settings());
    }

    [TearDown]
    public async Task Clean()
    {
        _host.Dispose();
        await _bench.DisposeAsync();
    }

    private EvalRunner Runner()
    {
        var services = _host.Services;
        var judge = new ModelClient(Options.Create(new ModelOptions { Endpoint = _bench.Judge.Endpoint, Name = "fake-judge", ApiKey = "sk-judge" }),
            services.GetRequiredService<IHttpClientFactory>(), NullLogger<ModelClient>.Instance);
        return new EvalRunner(services.GetRequiredService<ReviewEngine>(),
            new EvalRepositories(services.GetRequiredService<GitRunner>(), null, Path.Combine(_bench.Out, "work"), new Uri(_bench.Remotes + "/")),
            new EvalJudge(judge, 4), new EvalCache(_bench.Out, "fake-model"), TimeProvider.System, NullLogger<EvalRunner>.Instance);
    }

    [Test]
    public async Task A_run_cancelled_after_its_first_case_resumes_without_asking_the_model_again_for_that_case()
    {
        var cases = MartianBenchmark.Read(_bench.MartianFolder);
        using var cancel = new CancellationTokenSource();

        Assert.That(async () => await Runner().RunAsync(cases, (_, _) => cancel.Cancel(), cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        var reviewsBefore = _bench.Model.Requests.Count;
        var fromCache = new List<bool>();
        var results = await Runner().RunAsync(cases, (_, cached) => fromCache.Add(cached), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reviewsBefore, Is.EqualTo(1));
            Assert.That(_bench.Model.Requests, Has.Count.EqualTo(2));
            Assert.That(fromCache, Is.EqualTo(new[] { true, false }));
            Assert.That(results.Select(r => r.Matches.Count), Is.All.EqualTo(1));
            Assert.That(Directory.GetFiles(Path.Combine(_bench.Out, "cache", "fake-model"), "*.json"), Has.Length.EqualTo(2));
            Assert.That(Directory.GetFiles(Path.Combine(_bench.Out, "cache", "fake-model"), "*.tmp"), Is.Empty);
        }
    }

    [Test]
    public async Task The_summary_of_a_partial_intent_is_split_by_the_judge_into_summary_candidates_judged_like_findings()
    {
        _bench.Judge.Default = request => FakeModel.Prompt(request).Contains("extract individual issues", StringComparison.Ordinal)
            ? FakeModelReply.Content("""{"issues": ["Total() skips the first invoice line", "No test covers an invoice with one line"]}""")
            : EvalBench.Judgement(request);
        var billing = MartianBenchmark.Read(_bench.MartianFolder)[0];

        var result = await Runner().RunCaseAsync(billing, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Error, Is.Null);
            Assert.That(result.Candidates.Select(c => c.Origin), Is.EqualTo(new[] { CandidateOrigin.Finding, CandidateOrigin.Summary, CandidateOrigin.Summary }));
            Assert.That(result.Candidates[1], Is.EqualTo(new EvalCandidate("Total() skips the first invoice line", null, null, CandidateOrigin.Summary, null, null)));
            Assert.That(result.Matches.Single().Candidate, Is.Zero, "the first of equally confident matches, as Martian takes it");
            Assert.That(_bench.Judge.Requests.Count(r => FakeModel.Prompt(r).Contains("Candidate Issue", StringComparison.Ordinal)), Is.EqualTo(3));
            Assert.That(result.Tokens.JudgeInput, Is.EqualTo(1200 + 3 * 350));
            Assert.That(result.Tokens.Input, Is.EqualTo(1200));
            Assert.That(FakeModel.Prompt(_bench.Model.Requests[0]), Does.Contain("Invoice total goes through the discount rules"), "the case's title is the intent");
        }
    }
}
