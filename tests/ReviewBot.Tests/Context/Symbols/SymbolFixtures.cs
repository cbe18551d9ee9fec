using ReviewBot.Context.Symbols;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Context.Symbols;

/// <summary>
/// One small, realistic file per language (Resources/symbols, stored as *.txt so the test project does not compile
/// them) and the functions, methods and types both extractors must find in it, with start and end lines checked by hand
/// against the file. Ctags is the reference; where the two legitimately differ the difference is left out here and
/// pinned in <see cref="SymbolExtractorTests"/> or <see cref="FallbackSymbolExtractorTests"/>.
/// </summary>
public static class SymbolFixtures
{
    public static SourceFile Load(string path) =>
        new(path, File.ReadAllText(Path.Combine(TestResources.Root, "symbols", path + ".txt")));

    public static IEnumerable<TestCaseData> All()
    {
        yield return Case("OrderService.cs",
            // A class with a primary constructor, a local function, a generic method with a constraint, an
            // expression-bodied method after an interpolated string, an interface member, a record, an enum.
            ("OrderService", "class", 6, 39, null),
            ("PlaceAsync", "method", 12, 28, "OrderService"),
            ("Total", "function", 24, 27, "OrderService.PlaceAsync"),
            ("Max", "method", 30, 34, "OrderService"),
            ("Describe", "method", 37, 38, "OrderService"),
            ("IOrderService", "interface", 41, 44, null),
            ("PlaceAsync", "method", 43, 43, "IOrderService"),
            ("Order", "record", 46, 51, null),
            ("WithTotal", "method", 50, 50, "Order"),
            ("OrderState", "enum", 53, 57, null));
        yield return Case("inventory.py",
            // A nested class, a decorated method (it starts at `def`), a nested function, a comment in column 0 inside a
            // method, a multi-line signature, a `def` inside a string.
            ("Inventory", "class", 4, 29, null),
            ("Entry", "class", 7, 10, "Inventory"),
            ("__init__", "method", 8, 10, "Inventory.Entry"),
            ("__init__", "method", 12, 13, "Inventory"),
            ("lookup", "method", 16, 21, "Inventory"),
            ("refresh", "method", 23, 29, "Inventory"),
            ("parse", "function", 24, 25, "Inventory.refresh"),
            ("total", "function", 32, 38, null));
        yield return Case("cart.ts",
            // An interface, a type alias, a class with a constructor and a decorated method, a generic function, an arrow
            // function in a constant, a default-exported async function.
            ("CartLine", "interface", 3, 6, null),
            ("Currency", "type", 8, 8, null),
            ("Cart", "class", 10, 28, null),
            ("constructor", "method", 13, 13, "Cart"),
            ("add", "method", 16, 23, "Cart"),
            ("total", "method", 25, 27, "Cart"),
            ("first", "function", 30, 32, null),
            ("formatPrice", "function", 34, 37, null),
            ("load", "function", 39, 42, null));
        yield return Case("util.js",
            // A nested function, a class, an arrow function and a function expression in constants. (The method `get`
            // is left out: ctags 5.9 reads `get(key) {` as a getter and loses it; the fallback finds it.)
            ("join", "function", 3, 8, null),
            ("normalise", "function", 4, 6, "join"),
            ("Cache", "class", 10, 18, null),
            ("constructor", "method", 11, 13, "Cache"),
            ("square", "function", 20, 20, null),
            ("debounce", "function", 22, 28, null));
        yield return Case("server.go",
            // A struct, an interface and its method, a function, methods with pointer and value receivers, a generic function.
            ("Server", "struct", 9, 12, null),
            ("Handler", "interface", 14, 16, null),
            ("Serve", "method", 15, 15, "Handler"),
            ("New", "function", 18, 20, null),
            ("Serve", "method", 22, 29, "Server"),
            ("Name", "method", 31, 31, "Server"),
            ("Map", "function", 33, 39, null));
        yield return Case("Library.java",
            // An annotated class, a constructor, an @Override method, a generic method, a nested interface, class and enum.
            ("Library", "class", 6, 42, null),
            ("Library", "method", 9, 11, "Library"),
            ("toString", "method", 14, 16, "Library"),
            ("max", "method", 18, 26, "Library"),
            ("Listener", "interface", 28, 30, "Library"),
            ("onBorrow", "method", 29, 29, "Library.Listener"),
            ("Shelf", "class", 32, 36, "Library"),
            ("size", "method", 33, 35, "Library.Shelf"),
            ("State", "enum", 38, 41, "Library"));
    }

    private static TestCaseData Case(string path, params (string Name, string Kind, int Start, int End, string? Scope)[] expected) =>
        new TestCaseData(path, expected.Select(e => new SymbolDefinition(e.Name, e.Kind, path, e.Start, e.End, e.Scope)).ToArray())
            .SetArgDisplayNames(path);
}
