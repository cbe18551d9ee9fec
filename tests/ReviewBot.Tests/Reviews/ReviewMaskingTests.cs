using System.Text.Json.Nodes;
using ReviewBot.Model;
using ReviewBot.Reviews;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;
using static ReviewBot.Tests.TestSupport.FakeModelReply;
using static ReviewBot.Tests.TestSupport.SampleSecrets;

namespace ReviewBot.Tests.Reviews;

/// <summary>
/// The engine against the scripted model: no secret from the pull request (title, body, linked issues, commit messages),
/// the repository's guidance, the diff or the context reaches any call, the result counts what was masked, and findings
/// about masked lines still verify.
/// </summary>
public sealed class ReviewMaskingTests
{
    private const string GoogleKey = "AIzaSyTPioS3uuGXt3imCkLwRznghwvPLF9okrq";
    private const string GitLabToken = "glpat-Xk9mQ2vL7pR4tWz8yB3n";
    private const string SlackToken = "xoxb-502500385757-8242407494744-z3FCQOfF5PCviLVgxTMQDxEK";
    private const string ConfigPath = "src/Billing/Config.cs";
    private const string MaskedSecretLine = "    private const string AwsSecretAccessKey = \"[masked: AWS secret access key]\";";

    private static readonly string[] Secrets = [AwsKeyId, AwsSecretKey, GitHubToken, GoogleKey, GitLabToken, SlackToken, GitHubFineGrained];

    private FakeModel _model = null!;

    [SetUp]
    public async Task Start() => _model = await FakeModel.StartAsync();

    [TearDown]
    public async Task Stop() => await _model.DisposeAsync();

    [Test]
    public async Task No_secret_from_the_intent_the_guidance_the_diff_or_the_context_reaches_any_call_and_each_counts_once()
    {
        using var repo = TestRepository.Create();
        repo.Write("AGENTS.md", $"# Agents\n\n## Review guidelines\n\n- CI pushes with {GitLabToken}; flag it anywhere else.\n")
            .Write("src/Billing/Discounts.cs", $"namespace Billing;\n\npublic static class Discounts\n{{\n    public static decimal Apply(decimal total, decimal percent)\n    {{\n        var pricing = \"{GoogleKey}\";\n        return total - total * percent / 100m;\n    }}\n}}\n")
            .Write("src/Billing/Invoice.cs", "namespace Billing;\n\npublic sealed class Invoice\n{\n    public decimal Total(decimal sum) => sum;\n}\n");
        var baseCommit = repo.Commit("Billing");
        repo.Write("src/Billing/Invoice.cs", "namespace Billing;\n\npublic sealed class Invoice\n{\n    public decimal Total(decimal sum) => Discounts.Apply(sum, 0);\n}\n")
            .Write(ConfigPath, Config())
            .Write("src/Rates/Rates.cs", "namespace Rates;\n\npublic static class Rates\n{\n" + string.Concat(Enumerable.Range(1, 150).Select(i => $"    public const decimal Rate{i} = {i}.{i}m;\n")) + "}\n");
        var headCommit = repo.Commit("Deploy keys");
        var intent = new ReviewIntent($"Deploy with {AwsKeyId}", $"Set aws_secret_access_key={AwsSecretKey} in the vault.",
            [new LinkedIssue("acme", "billing", 7, "Deploys fail", $"The bot token {SlackToken} expired.")],
            [new CommitInfo(headCommit, "Dev", $"Use {GitHubToken} for the release", $"Fine-grained: {GitHubFineGrained}")]);

        var result = await ReviewAsync(repo, baseCommit, headCommit, intent, new Dictionary<string, string?>
        {
            ["Model:ChunkTokens"] = "4000",
            ["Model:ContextTokens"] = "500",
        });

        var prompts = _model.Requests.Select(FakeModel.Prompt).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Accounting.Chunks, Is.GreaterThan(1), "the intent went into more than one call");
            foreach (var secret in Secrets)
            {
                Assert.That(_model.Bodies.Concat(prompts), Has.None.Contains(secret), secret);
            }
            Assert.That(prompts, Has.All.Contain("Deploy with [masked: AWS access key]"));
            Assert.That(prompts, Has.Some.Contain($"- CI pushes with [masked: GitLab token]; flag it anywhere else."), "the guidance");
            Assert.That(prompts, Has.Some.Contain("var pricing = \"[masked: Google API key]\";"), "the context");
            Assert.That(result.Accounting.MaskedSecrets, Is.EqualTo(new[]
            {
                new MaskedKind("AWS access key", 1), new MaskedKind("AWS secret access key", 1), new MaskedKind("GitHub fine-grained token", 1),
                new MaskedKind("GitHub token", 1), new MaskedKind("GitLab token", 1), new MaskedKind("Google API key", 1), new MaskedKind("Slack token", 1),
            }));
            Assert.That(result.Notes, Has.One.EqualTo("7 secret(s) were masked before the model saw them: 1 AWS access key, 1 AWS secret access key, " +
                "1 GitHub fine-grained token, 1 GitHub token, 1 GitLab token, 1 Google API key, 1 Slack token."));
        }
    }

    [Test]
    public async Task A_finding_that_quotes_a_masked_line_verifies_and_the_second_opinion_sees_it_masked_too()
    {
        var (repo, baseCommit, headCommit) = CreateWithConfig();
        using var _ = repo;
        _model.Then(Review("matches", "ok", HardCodedKey("        Environment.GetEnvironmentVariable(\"AWS_SECRET_ACCESS_KEY\")!;")))
            .Then(Content("""{"verdicts":[{"index":0,"keep":true,"reason":"The key is in the source."}]}"""));

        var result = await ReviewAsync(repo, baseCommit, headCommit, ReviewIntent.Empty, new Dictionary<string, string?> { ["Model:VerifierName"] = "small-model" });

        var finding = result.Findings.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(finding.Evidence.Single().Quote, Is.EqualTo(MaskedSecretLine.Trim()));
            Assert.That(finding.Replacement, Is.Not.Null);
            Assert.That(_model.Requests, Has.Count.EqualTo(2));
            Assert.That(FakeModel.Prompt(_model.Requests[1]), Does.Contain(MaskedSecretLine.Trim()).And.Not.Contain(AwsSecretKey), "the second opinion");
            Assert.That(_model.Bodies, Has.None.Contains(AwsSecretKey));
        }
    }

    [Test]
    public async Task A_suggested_replacement_that_carries_a_mask_is_dropped_and_the_finding_kept()
    {
        var (repo, baseCommit, headCommit) = CreateWithConfig();
        using var _ = repo;
        _model.Then(Review("matches", "ok", HardCodedKey(MaskedSecretLine + " // rotate")));

        var result = await ReviewAsync(repo, baseCommit, headCommit, ReviewIntent.Empty);

        Assert.That(result.Findings.Single().Replacement, Is.Null, "accepting it would write the mask into the file");
    }

    private static JsonObject HardCodedKey(string replacement) =>
        Finding(ConfigPath, 5, 5, "P0", 0.95, "AWS secret key in the source", "Anyone who can read the repository can use the key.",
            [(ConfigPath, 5, MaskedSecretLine.Trim())], replacement);

    private static string Config() =>
        $"namespace Billing;\n\npublic static class Config\n{{\n    private const string AwsSecretAccessKey = \"{AwsSecretKey}\";\n    public const string KeyId = \"{AwsKeyId}\";\n}}\n";

    private static (TestRepository Repo, string Base, string Head) CreateWithConfig()
    {
        var (repo, baseCommit, _) = BillingRepository.Create();
        repo.Checkout("feature");
        var head = repo.Write(ConfigPath, Config()).Commit("config");
        return (repo, baseCommit, head);
    }

    private async Task<ReviewResult> ReviewAsync(TestRepository repo, string baseCommit, string headCommit, ReviewIntent intent,
        IDictionary<string, string?>? settings = null)
    {
        using var host = EngineHost.Create(_model.Settings(settings));
        using var repository = (await GitRepository.OpenLocalAsync(host.Services.GetRequiredService<GitRunner>(), repo.Path, CancellationToken.None))!;
        var input = await Snapshots.OfAsync(repository, baseCommit, headCommit, intent, RepositorySettings.Default);
        return await host.Services.GetRequiredService<ReviewEngine>().ReviewAsync(input, CancellationToken.None);
    }
}
