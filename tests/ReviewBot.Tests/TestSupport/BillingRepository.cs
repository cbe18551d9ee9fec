namespace ReviewBot.Tests.TestSupport;

/// <summary>
/// A small C# repository with a pull request on branch <c>feature</c>: <c>Invoice.Total</c> gains an off-by-one loop and
/// starts calling <c>Discounts.Apply</c>. <c>Checkout.Pay</c> calls <c>Total</c>; <c>InvoiceTests</c> tests it; AGENTS.md
/// has review guidelines.
/// </summary>
public static class BillingRepository
{
    public const string InvoicePath = "src/Billing/Invoice.cs";

    /// <summary>Line 12 of Invoice.cs at the head: the loop that skips the first line.</summary>
    public const string BuggyLoop = "for (var i = 1; i < _lines.Count; i++)";

    /// <summary>The model's answer that finds the real bug of the sample: the loop that skips the first line.</summary>
    public static FakeModelReply LoopFinding() => FakeModelReply.Review("partial", "The loop drops the first line.",
        FakeModelReply.Finding(InvoicePath, 12, 12, "P1", 0.92, "Loop skips the first invoice line",
            "The loop starts at 1, so the first amount is never added.", [(InvoicePath, 12, BuggyLoop)]));

    public static (TestRepository Repository, string Base, string Head) Create()
    {
        var repo = TestRepository.Create();
        repo.Write("AGENTS.md", "# Agents\n\nBuild with dotnet.\n\n## Review guidelines\n\n- Money is decimal; flag any use of float or double for amounts.\n\n## Other\n\nNot for reviews.\n")
            .Write(InvoicePath, """
                namespace Billing;

                public sealed class Invoice
                {
                    private readonly List<decimal> _lines = new();

                    public void Add(decimal amount) => _lines.Add(amount);

                    public decimal Total()
                    {
                        decimal sum = 0;
                        foreach (var line in _lines)
                        {
                            sum += line;
                        }
                        return sum;
                    }
                }

                """)
            .Write("src/Billing/Discounts.cs", """
                namespace Billing;

                public static class Discounts
                {
                    public static decimal Apply(decimal total, decimal percent)
                    {
                        return total - total * percent / 100m;
                    }
                }

                """)
            .Write("src/Billing/Checkout.cs", """
                namespace Billing;

                public static class Checkout
                {
                    public static decimal Pay(Invoice invoice, decimal percent)
                    {
                        var total = invoice.Total();
                        return Discounts.Apply(total, percent);
                    }
                }

                """)
            .Write("tests/Billing.Tests/InvoiceTests.cs", """
                namespace Billing.Tests;

                public class InvoiceTests
                {
                    [Test]
                    public void Total_adds_every_line()
                    {
                        var invoice = new Invoice();
                        invoice.Add(2m);
                        invoice.Add(3m);
                        Assert.That(invoice.Total(), Is.EqualTo(5m));
                    }
                }

                """);
        var baseCommit = repo.Commit("Billing: invoices, discounts, checkout");
        repo.Checkout("feature", create: true);
        repo.Write(InvoicePath, """
            namespace Billing;

            public sealed class Invoice
            {
                private readonly List<decimal> _lines = new();

                public void Add(decimal amount) => _lines.Add(amount);

                public decimal Total()
                {
                    decimal sum = 0;
                    for (var i = 1; i < _lines.Count; i++)
                    {
                        sum += _lines[i];
                    }
                    return Discounts.Apply(sum, 0);
                }
            }

            """);
        var head = repo.Commit("Invoice total goes through the discount rules");
        repo.Checkout("main");
        return (repo, baseCommit, head);
    }
}
