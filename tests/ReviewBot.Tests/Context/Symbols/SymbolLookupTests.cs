using ReviewBot.Context.Symbols;

namespace ReviewBot.Tests.Context.Symbols;

public class SymbolLookupTests
{
    private static readonly SymbolDefinition[] Symbols =
    [
        new("Cart", "class", "cart.ts", 10, 40, null),
        new("add", "method", "cart.ts", 12, 30, "Cart"),
        new("check", "function", "cart.ts", 14, 18, "Cart.add"),
        new("lines", "property", "cart.ts", 11, 11, "Cart"),
        new("Other", "class", "other.ts", 1, 100, null),
    ];

    [TestCase(15, "check", TestName = "The_innermost_callable_wins_over_the_one_around_it")]
    [TestCase(20, "add", TestName = "A_line_in_a_method_but_outside_its_nested_function_gets_the_method")]
    [TestCase(11, "Cart", TestName = "A_line_in_a_type_but_in_no_callable_gets_the_type")]
    [TestCase(35, "Cart", TestName = "After_the_last_method_the_type_encloses_the_line")]
    public void Enclosing_finds_the_innermost_callable_else_the_type(int line, string expected) =>
        Assert.That(SymbolLookup.Enclosing(Symbols, "cart.ts", line)?.Name, Is.EqualTo(expected));

    [Test]
    public void Enclosing_is_null_outside_every_definition_and_in_other_files()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(SymbolLookup.Enclosing(Symbols, "cart.ts", 5), Is.Null);
            Assert.That(SymbolLookup.Enclosing(Symbols, "missing.ts", 15), Is.Null);
            Assert.That(SymbolLookup.Enclosing(Symbols, "CART.TS", 15), Is.Null, "paths compare as given");
        }
    }

    [Test]
    public void Enclosing_includes_the_first_and_last_lines()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(SymbolLookup.Enclosing(Symbols, "cart.ts", 12)?.Name, Is.EqualTo("add"));
            Assert.That(SymbolLookup.Enclosing(Symbols, "cart.ts", 30)?.Name, Is.EqualTo("add"));
        }
    }

    [Test]
    public void Of_two_definitions_starting_together_the_shorter_is_inner()
    {
        SymbolDefinition[] sameLine = [new("outer", "function", "a.js", 1, 5, null), new("inner", "function", "a.js", 1, 1, "outer")];

        Assert.That(SymbolLookup.Enclosing(sameLine, "a.js", 1)?.Name, Is.EqualTo("inner"));
    }

    [Test]
    public async Task Enclosing_works_on_extracted_definitions()
    {
        var file = SymbolFixtures.Load("inventory.py");
        var symbols = await new FallbackSymbolExtractor().ExtractAsync([file], CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(SymbolLookup.Enclosing(symbols, file.Path, 25)?.Name, Is.EqualTo("parse"));
            Assert.That(SymbolLookup.Enclosing(symbols, file.Path, 28)?.Name, Is.EqualTo("refresh"));
            Assert.That(SymbolLookup.Enclosing(symbols, file.Path, 5)?.Name, Is.EqualTo("Inventory"));
        }
    }
}
