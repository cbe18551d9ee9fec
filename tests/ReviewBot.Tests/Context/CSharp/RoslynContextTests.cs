using Microsoft.Extensions.Hosting;
using ReviewBot.Context;
using ReviewBot.Reviews;
using ReviewBot.Tests.TestSupport;
using ReviewBot.Workspace;

namespace ReviewBot.Tests.Context.CSharp;

public sealed class RoslynContextTests
{
    private TestRepository _repo = null!;
    private IHost _host = null!;
    private string _base = "";

    [SetUp]
    public void Create() => _host = EngineHost.Create();

    [TearDown]
    public void Clean()
    {
        _host.Dispose();
        _repo.Dispose();
    }

    private async Task<ContextCandidates> ChangeCheckoutAsync(string body, string csproj = ShopRepository.Csproj, string baseBody = "return label;")
    {
        _repo = ShopRepository.CreateBase(csproj, baseBody);
        _base = _repo.Git("rev-parse", "HEAD").Trim();
        var head = _repo.Write(ShopRepository.CheckoutPath, ShopRepository.Checkout(body)).Commit("change");
        using var repository = (await GitRepository.OpenLocalAsync(_host.Services.GetRequiredService<GitRunner>(), _repo.Path, CancellationToken.None))!;
        var change = await PullRequestSnapshots.LoadChangeAsync(repository, _base, head, CancellationToken.None);
        return await _host.Services.GetRequiredService<ContextBuilder>().CollectAsync(repository, change, null, CancellationToken.None);
    }

    private static List<ContextItem> Definitions(ContextCandidates candidates) =>
        candidates.Related.Where(i => i.Kind == ContextKind.Definition).ToList();

    [Test]
    public async Task A_call_through_an_interface_gives_the_interface_member_as_the_compiler_binds_it()
    {
        var candidates = await ChangeCheckoutAsync(ShopRepository.CallsAllThree);

        var price = Definitions(candidates).Single(i => i.Symbol == "IPricing.Price(decimal)");
        using (Assert.EnterMultipleScope())
        {
            Assert.That((price.Path, price.StartLine, price.EndLine), Is.EqualTo(("Shop/IPricing.cs", 5, 5)));
            Assert.That(price.Reason, Is.EqualTo("defines IPricing.Price(decimal), called on 1 added line(s)"));
            Assert.That(price.ForPaths, Is.EqualTo(new[] { ShopRepository.CheckoutPath }));
        }
    }

    [Test]
    public async Task An_extension_method_call_gives_the_extension_method()
    {
        var candidates = await ChangeCheckoutAsync(ShopRepository.CallsAllThree);

        var shout = Definitions(candidates).Single(i => i.Symbol == "TextExtensions.Shout(string)");
        Assert.That((shout.Path, shout.StartLine), Is.EqualTo(("Shop/TextExtensions.cs", 5)));
        Assert.That(shout.Text, Does.Contain("public static string Shout(this string text)"));
    }

    [Test]
    public async Task An_overloaded_call_gives_the_chosen_overload_and_not_the_other()
    {
        var candidates = await ChangeCheckoutAsync(ShopRepository.CallsAllThree);

        var formatter = Definitions(candidates).Where(i => i.Path == ShopRepository.FormatterPath).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(formatter.Select(i => i.Symbol), Is.EqualTo(new[] { "Formatter.Money(decimal)" }));
            Assert.That(formatter.Single().StartLine, Is.EqualTo(ShopRepository.MoneyDecimalLine));
            Assert.That(candidates.Related.Where(i => i.Path == ShopRepository.FormatterPath)
                .Any(i => i.StartLine <= ShopRepository.MoneyIntLine && ShopRepository.MoneyIntLine <= i.EndLine), Is.False);
        }
    }

    [Test]
    public async Task Callers_are_the_members_that_bind_to_the_changed_member_not_those_sharing_its_name()
    {
        var candidates = await ChangeCheckoutAsync(ShopRepository.CallsAllThree);

        var callers = candidates.Related.Where(i => i.Kind == ContextKind.Caller).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(callers.Select(c => (c.Path, c.Symbol)), Is.EqualTo(new[] { ("Shop/Cart.cs", (string?)"Cart.Summary()") }));
            Assert.That(callers.Single().Reason, Is.EqualTo("calls Checkout.Total(decimal, string), which the change alters"));
            Assert.That(candidates.Related.Any(i => i.Path == "Shop/Report.cs"), Is.False);
        }
    }

    [Test]
    public async Task A_test_in_a_project_that_references_the_changed_one_counts_when_it_calls_the_changed_member()
    {
        var candidates = await ChangeCheckoutAsync(ShopRepository.CallsAllThree);

        var test = candidates.Related.Single(i => i.Kind == ContextKind.Test && i.Path == ShopRepository.TestPath);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((test.Symbol, test.StartLine), Is.EqualTo(("CheckoutTests.Total_keeps_the_label()", 8)));
            Assert.That(test.Reason, Is.EqualTo("a test that calls Checkout.Total(decimal, string), which the change alters"));
        }
    }

    [Test]
    public async Task A_change_that_breaks_compilation_yields_the_compiler_diagnostic()
    {
        var candidates = await ChangeCheckoutAsync("return label + pricing.Pricee(amount);");

        var error = candidates.Guidance.Single(i => i.Symbol == "CS1061");
        using (Assert.EnterMultipleScope())
        {
            Assert.That((error.Path, error.StartLine), Is.EqualTo((ShopRepository.CheckoutPath, 7)));
            Assert.That(error.Reason, Does.StartWith("this does not compile: CS1061 'IPricing' does not contain a definition for 'Pricee'"));
            Assert.That(error.Text, Does.Contain("Shop/Checkout.cs(7,").And.Contain("error CS1061"));
        }
    }

    [Test]
    public async Task An_error_the_base_already_had_on_the_line_is_not_blamed_on_the_change()
    {
        var candidates = await ChangeCheckoutAsync("return label + pricing.Pricee(amount) + \"!\";", baseBody: "return label + pricing.Pricee(amount);");

        Assert.That(candidates.Guidance.Where(i => i.Reason.StartsWith("this does not compile", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task A_name_on_a_removed_line_is_bound_at_the_base_and_shown_as_it_is_at_the_head()
    {
        var candidates = await ChangeCheckoutAsync("return label;", baseBody: "return label + Formatter.Money(100);");

        var money = Definitions(candidates).Single(i => i.Path == ShopRepository.FormatterPath);
        using (Assert.EnterMultipleScope())
        {
            Assert.That((money.Symbol, money.StartLine), Is.EqualTo(("Formatter.Money(int)", ShopRepository.MoneyIntLine)));
            Assert.That(money.Reason, Does.StartWith("defines Formatter.Money(int), called on 1 removed line(s)"));
        }
    }

    [Test]
    public async Task An_error_that_is_the_compilers_recovery_from_a_missing_package_type_is_not_reported()
    {
        var csproj = ShopRepository.Csproj.Replace("</Project>", "  <ItemGroup>\n    <PackageReference Include=\"Roslyn\" Version=\"1.0.0\" />\n  </ItemGroup>\n</Project>", StringComparison.Ordinal);

        // Unbound, Compilation's Create falls to File.Create and the collection expression to FileShare (CS9174).
        var candidates = await ChangeCheckoutAsync("var options = new Microsoft.CodeAnalysis.Options();\n        _ = File.Create(label, 1, [options]);\n        return label;", csproj);

        Assert.That(candidates.Guidance.Where(i => i.Reason.StartsWith("this does not compile", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task A_change_that_compiles_yields_no_compiler_diagnostic()
    {
        var candidates = await ChangeCheckoutAsync(ShopRepository.CallsAllThree);

        Assert.That(candidates.Guidance.Where(i => i.Reason.StartsWith("this does not compile", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task A_missing_package_keeps_what_was_bound_notes_the_fallback_and_reports_no_false_error()
    {
        var csproj = ShopRepository.Csproj.Replace("</Project>", "  <ItemGroup>\n    <PackageReference Include=\"Newtonsoft.Json\" Version=\"13.0.3\" />\n  </ItemGroup>\n</Project>", StringComparison.Ordinal);

        var candidates = await ChangeCheckoutAsync("var json = Newtonsoft.Json.JsonConvert.SerializeObject(amount);\n        return json + Formatter.Money(amount);", csproj);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Definitions(candidates).Select(i => i.Symbol), Does.Contain("Formatter.Money(decimal)"));
            Assert.That(candidates.Notes, Has.Some.Match(@"^Roslyn could not bind \d+ name\(s\) on the added lines of Shop .*symbol search"));
            Assert.That(candidates.Guidance.Where(i => i.Reason.StartsWith("this does not compile", StringComparison.Ordinal)), Is.Empty);
        }
    }
}
