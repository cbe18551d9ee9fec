namespace ReviewBot.Tests.TestSupport;

/// <summary>
/// A C# project (Shop/Shop.csproj, net10.0, implicit usings) whose change makes <c>Checkout.Total</c> call
/// <c>IPricing.Price</c> through the interface, the extension method <c>Shout</c>, and <c>Formatter.Money(decimal)</c>, one of
/// two overloads. <c>Cart.Summary</c> calls <c>Checkout.Total</c>; <c>Report.Total</c> only shares its name. The test project tests/Shop.Tests references Shop by path and tests both.
/// </summary>
public static class ShopRepository
{
    public const string CheckoutPath = "Shop/Checkout.cs";
    public const string FormatterPath = "Shop/Formatter.cs";
    public const string TestPath = "tests/Shop.Tests/CheckoutTests.cs";

    /// <summary>Line of <c>Money(decimal)</c> and of <c>Money(int)</c> in Formatter.cs.</summary>
    public const int MoneyDecimalLine = 5;
    public const int MoneyIntLine = 9;

    public const string Csproj = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
          </PropertyGroup>
        </Project>
        """;

    public static TestRepository CreateBase(string csproj = Csproj, string baseBody = "return label;")
    {
        var repo = TestRepository.Create();
        repo.Write("Shop/Shop.csproj", csproj)
            .Write("Shop/IPricing.cs", "namespace Shop;\n\npublic interface IPricing\n{\n    decimal Price(decimal amount);\n}\n")
            .Write("Shop/Pricing.cs", "namespace Shop;\n\npublic sealed class Pricing : IPricing\n{\n    public decimal Price(decimal amount) => amount * 1.2m;\n}\n")
            .Write("Shop/TextExtensions.cs", "namespace Shop;\n\npublic static class TextExtensions\n{\n    public static string Shout(this string text) => text.ToUpperInvariant();\n}\n")
            .Write(FormatterPath, """
                namespace Shop;

                public static class Formatter
                {
                    public static string Money(decimal value) => value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

                    // Cents, for the ledger.

                    public static string Money(int cents) => (cents / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
                }

                """)
            .Write(CheckoutPath, Checkout(baseBody))
            .Write("Shop/Cart.cs", """
                namespace Shop;

                public sealed class Cart(Checkout checkout)
                {
                    public string Summary() => checkout.Total(10m, "cart");
                }

                """)
            .Write("Shop/Report.cs", """
                namespace Shop;

                public static class Report
                {
                    // Total is a word here, not a call of Checkout.Total.
                    public static int Total(int[] values) => values.Sum();
                }

                """)
            .Write("tests/Shop.Tests/Shop.Tests.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="NUnit" Version="5.0.0" />
                    <ProjectReference Include="../../Shop/Shop.csproj" />
                  </ItemGroup>
                </Project>
                """)
            .Write(TestPath, """
                using NUnit.Framework;
                using Shop;

                namespace Shop.Tests;

                public sealed class CheckoutTests
                {
                    [Test]
                    public void Total_keeps_the_label() => Assert.That(new Checkout(new Pricing()).Total(1m, "x"), Is.EqualTo("x"));

                    [Test]
                    public void Report_total_adds() => Assert.That(Report.Total([1, 2]), Is.EqualTo(3));
                }

                """);
        repo.Commit("shop");
        return repo;
    }

    /// <summary>Checkout.cs with <paramref name="body"/> as the body of <c>Total</c> (lines 7 on).</summary>
    public static string Checkout(string body) => $$"""
        namespace Shop;

        public sealed class Checkout(IPricing pricing)
        {
            public string Total(decimal amount, string label)
            {
                {{body}}
            }
        }

        """;

    public const string CallsAllThree = "var price = pricing.Price(amount);\n        return label.Shout() + Formatter.Money(price);";
}
