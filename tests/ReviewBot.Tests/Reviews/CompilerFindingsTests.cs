using ReviewBot.Reviews;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;
using static ReviewBot.Tests.TestSupport.FakeModelReply;

namespace ReviewBot.Tests.Reviews;

/// <summary>The compiler's errors on added lines become findings the engine posts without the model's word.</summary>
public sealed class CompilerFindingsTests
{
    private const string Broken = "return label + pricing.Pricee(amount);";
    private TestRepository _repo = null!;
    private FakeModel _model = null!;

    [SetUp]
    public async Task Start() => _model = await FakeModel.StartAsync();

    [TearDown]
    public async Task Stop()
    {
        await _model.DisposeAsync();
        _repo.Dispose();
    }

    private async Task<ReviewResult> ReviewCheckoutAsync(string body, string csproj = ShopRepository.Csproj)
    {
        _repo = ShopRepository.CreateBase(csproj);
        var first = _repo.Git("rev-parse", "HEAD").Trim();
        var head = _repo.Write(ShopRepository.CheckoutPath, ShopRepository.Checkout(body)).Commit("change");
        using var host = EngineHost.Create(_model.Settings());
        using var repository = (await GitRepository.OpenLocalAsync(host.Services.GetRequiredService<GitRunner>(), _repo.Path, CancellationToken.None))!;
        var input = await Snapshots.OfAsync(repository, first, head, ReviewIntent.Empty, RepositorySettings.Default);
        return await host.Services.GetRequiredService<ReviewEngine>().ReviewAsync(input, CancellationToken.None);
    }

    [Test]
    public async Task A_change_that_breaks_compilation_yields_the_compiler_finding_on_its_line_though_the_model_finds_nothing()
    {
        _model.Then(Review("matches", "ok"));

        var result = await ReviewCheckoutAsync(Broken);

        var finding = result.Findings.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((finding.Path, finding.StartLine, finding.EndLine, finding.Side), Is.EqualTo((ShopRepository.CheckoutPath, 7, 7, DiffSide.Head)));
            Assert.That(finding.Title, Does.StartWith("This does not compile: CS1061 'IPricing' does not contain a definition for 'Pricee'"));
            Assert.That(finding.Priority, Is.EqualTo(Priority.P1));
            Assert.That(finding.Explanation, Does.Contain("compiler reports error CS1061 at Shop/Checkout.cs(7,"));
            Assert.That(finding.Evidence.Single().Quote, Is.EqualTo(Broken));
        }
    }

    [TestCase("{\"intent\": {\"verdict\": \"matches\"}, \"findings\": [ {\"path\": ")]
    [TestCase("")]
    public async Task The_compiler_finding_appears_when_the_model_answers_garbage_or_nothing(string reply)
    {
        _model.Then(Content(reply)).Then(Content(reply));

        var result = await ReviewCheckoutAsync(Broken);

        Assert.That(result.Findings.Select(f => (f.StartLine, f.Title[..26])), Is.EqualTo(new[] { (7, "This does not compile: CS1") }));
    }

    [Test]
    public async Task When_the_model_reports_the_same_error_on_the_line_there_is_one_finding_the_models()
    {
        _model.Then(Review("matches", "ok", Finding(ShopRepository.CheckoutPath, 7, 7, "P1", 0.9, "Pricee is not a member of IPricing",
            "IPricing has Price, not Pricee: this line does not build.", [(ShopRepository.CheckoutPath, 7, Broken)])));

        var result = await ReviewCheckoutAsync(Broken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Findings.Select(f => f.Title), Is.EqualTo(new[] { "Pricee is not a member of IPricing" }));
            Assert.That(result.Dropped.Where(d => d.Stage == "deduplication").Select(d => d.Title ?? ""), Has.Some.StartsWith("This does not compile"));
        }
    }

    [Test]
    public async Task At_most_five_compiler_findings_are_posted_and_the_rest_are_dropped_with_the_reason()
    {
        _model.Then(Review("matches", "ok"));
        var body = string.Join("\n        ", Enumerable.Range(1, 7).Select(i => $"_ = pricing.Missing{i}(amount);")) + "\n        return label;";

        var result = await ReviewCheckoutAsync(body);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Findings.Select(f => f.StartLine), Is.EqualTo(new[] { 7, 8, 9, 10, 11 }));
            Assert.That(result.Dropped.Count(d => d.Stage == "limit" && d.Reason.Contains("compiler errors", StringComparison.Ordinal)), Is.EqualTo(2));
        }
    }

    [Test]
    public async Task A_name_of_an_unrestored_package_yields_no_compiler_finding()
    {
        _model.Then(Review("matches", "ok"));
        var csproj = ShopRepository.Csproj.Replace("</Project>", "  <ItemGroup>\n    <PackageReference Include=\"Newtonsoft.Json\" Version=\"13.0.3\" />\n  </ItemGroup>\n</Project>", StringComparison.Ordinal);

        var result = await ReviewCheckoutAsync("var json = Newtonsoft.Json.JsonConvert.SerializeObject(amount);\n        return json + Formatter.Money(amount);", csproj);

        Assert.That(result.Findings, Is.Empty);
    }
}
