using ReviewBot.Context.Symbols;

namespace ReviewBot.Tests.Context.Symbols;

public class IdentifierScannerTests
{
    [TestCase(SourceLanguage.CSharp)]
    [TestCase(SourceLanguage.Python)]
    [TestCase(SourceLanguage.TypeScript)]
    [TestCase(SourceLanguage.JavaScript)]
    [TestCase(SourceLanguage.Go)]
    [TestCase(SourceLanguage.Java)]
    [TestCase(SourceLanguage.Rust)]
    public void A_call_on_a_member_gives_receiver_member_and_argument(SourceLanguage language) =>
        Assert.That(IdentifierScanner.Identifiers("foo.bar(baz)", language), Is.EqualTo(new[] { "foo", "bar", "baz" }));

    [TestCase("var label = \"total: {sum}\" + 'x'; // compute(total)", SourceLanguage.CSharp, new[] { "label" })]
    [TestCase("label = 'total' + \"sum\"  # compute(total)", SourceLanguage.Python, new[] { "label" })]
    [TestCase("const label = 'a' + \"b\" + `c`; /* compute(total) */ render(label)", SourceLanguage.TypeScript, new[] { "label", "render" })]
    [TestCase("label := `raw {string}` + \"x\" // compute(total)", SourceLanguage.Go, new[] { "label" })]
    [TestCase("char c = '{'; String s = \"x\"; // compute(total)", SourceLanguage.Java, new[] { "c", "s" })]
    public void Strings_characters_and_comments_are_skipped(string line, SourceLanguage language, string[] expected) =>
        Assert.That(IdentifierScanner.Identifiers(line, language), Is.EqualTo(expected));

    [TestCase("return this.items.Count > 0 ? null : new List<int>(capacity);", SourceLanguage.CSharp, new[] { "items", "Count", "List", "capacity" })]
    [TestCase("if self.cache is None and not force: return True", SourceLanguage.Python, new[] { "cache", "force" })]
    [TestCase("if err != nil { return fmt.Errorf(\"wrap: %w\", err) }", SourceLanguage.Go, new[] { "fmt", "Errorf" })]
    [TestCase("export const total = (items: Item[]): number => items.length ?? undefined;", SourceLanguage.TypeScript, new[] { "total", "items", "Item", "length" })]
    [TestCase("public static final String NAME = Objects.requireNonNull(value);", SourceLanguage.Java, new[] { "NAME", "Objects", "requireNonNull", "value" })]
    public void Keywords_and_very_common_names_are_skipped(string line, SourceLanguage language, string[] expected) =>
        Assert.That(IdentifierScanner.Identifiers(line, language), Is.EqualTo(expected));

    [Test]
    public void Numbers_are_skipped() =>
        Assert.That(IdentifierScanner.Identifiers("mask = 0x1F + 1e10 + 2.5f + 1_000L + x2", SourceLanguage.Java), Is.EqualTo(new[] { "mask", "x2" }));

    [Test]
    public void Identifiers_come_distinct_in_order_of_first_use() =>
        Assert.That(IdentifierScanner.Identifiers("b = a + b * a - c", SourceLanguage.Python), Is.EqualTo(new[] { "b", "a", "c" }));

    [TestCase("var text = $\"{order.Id}: {order.Total:F2} {{literal}}\";", SourceLanguage.CSharp, new[] { "text", "order", "Id", "Total" })]
    [TestCase("message = f\"{user.name!r:>10} has {count} {{items}}\"", SourceLanguage.Python, new[] { "message", "user", "name", "count" })]
    [TestCase("const message = `${user.name} has ${count} items`;", SourceLanguage.JavaScript, new[] { "message", "user", "name", "count" })]
    public void Code_in_interpolated_strings_is_read(string line, SourceLanguage language, string[] expected) =>
        Assert.That(IdentifierScanner.Identifiers(line, language), Is.EqualTo(expected));

    [TestCase("def foo(self, a, b=1, *args, **kwargs):", SourceLanguage.Python, new[] { "foo", "a", "b", "args", "kwargs" })]
    [TestCase("async def fetch(url: str, timeout: float = 1.0) -> bytes:", SourceLanguage.Python, new[] { "fetch", "url", "timeout" })]
    [TestCase("class Inventory(Base):", SourceLanguage.Python, new[] { "Inventory" })]
    [TestCase("for i, item in enumerate(items):", SourceLanguage.Python, new[] { "i", "item" })]
    [TestCase("total, count = compute(rows)", SourceLanguage.Python, new[] { "total", "count" })]
    [TestCase("func (r *Repo) Find(ctx context.Context, id string) (*Item, error) {", SourceLanguage.Go, new[] { "r", "Find", "ctx", "id" })]
    [TestCase("func Map[T any, U any](items []T, f func(T) U) []U {", SourceLanguage.Go, new[] { "Map", "items", "f" })]
    [TestCase("for key, value := range cache {", SourceLanguage.Go, new[] { "key", "value" })]
    [TestCase("public int Bar(string name, int count = 0)", SourceLanguage.CSharp, new[] { "Bar", "name", "count" })]
    [TestCase("public static T Max<T>(IEnumerable<T> items, Func<T, int> weight) where T : IComparable<T>", SourceLanguage.CSharp, new[] { "Max", "items", "weight" })]
    [TestCase("public sealed class OrderService(IRepository repository) : IOrderService", SourceLanguage.CSharp, new[] { "OrderService", "repository" })]
    [TestCase("foreach (var line in lines.Where(l => l.Length > 0))", SourceLanguage.CSharp, new[] { "line", "l" })]
    [TestCase("catch (IOException ex) when (ex.HResult == 5)", SourceLanguage.CSharp, new[] { "ex" })]
    [TestCase("public <T extends Comparable<T>> T max(List<T> items, final int limit) {", SourceLanguage.Java, new[] { "max", "items", "limit" })]
    [TestCase("items.forEach((item, index) -> log(item));", SourceLanguage.Java, new[] { "item", "index" })]
    [TestCase("export function render({ title, body: content }: Props, depth = 0) {", SourceLanguage.TypeScript, new[] { "render", "title", "content", "depth" })]
    [TestCase("const g = (x, y) => x + y;", SourceLanguage.JavaScript, new[] { "g", "x", "y" })]
    [TestCase("  add(item: Item, quantity = 1): void {", SourceLanguage.TypeScript, new[] { "add", "item", "quantity" })]
    [TestCase("export class Cart<T> extends Base {", SourceLanguage.TypeScript, new[] { "Cart" })]
    [TestCase("const { data, error } = await load(url);", SourceLanguage.TypeScript, new[] { "data", "error" })]
    [TestCase("pub(crate) async fn search_path<M: Matcher>(matcher: M, mut path: &Path) -> io::Result<()> {", SourceLanguage.Rust, new[] { "search_path", "matcher", "path" })]
    [TestCase("pub struct Searcher<'s> {", SourceLanguage.Rust, new[] { "Searcher" })]
    [TestCase("pub(crate) enum Mode {", SourceLanguage.Rust, new[] { "Mode" })]
    [TestCase("pub trait Sink {", SourceLanguage.Rust, new[] { "Sink" })]
    [TestCase("type Outcome<T> = std::result::Result<T, Error>;", SourceLanguage.Rust, new[] { "Outcome" })]
    [TestCase("pub const DEFAULT_BUFFER_CAPACITY: usize = 64 * (1 << 10);", SourceLanguage.Rust, new[] { "DEFAULT_BUFFER_CAPACITY" })]
    [TestCase("static mut COUNT: AtomicUsize = AtomicUsize::new(0);", SourceLanguage.Rust, new[] { "COUNT" })]
    [TestCase("macro_rules! eprintln_locked {", SourceLanguage.Rust, new[] { "eprintln_locked" })]
    [TestCase("let mut printer = Printer::new(wtr);", SourceLanguage.Rust, new[] { "printer" })]
    [TestCase("for (i, line) in lines.iter().enumerate() {", SourceLanguage.Rust, new[] { "i", "line" })]
    [TestCase("let matched = paths.filter(|p| p.exists());", SourceLanguage.Rust, new[] { "matched", "p" })]
    public void Defined_gives_the_names_a_line_declares(string line, SourceLanguage language, string[] expected) =>
        Assert.That(IdentifierScanner.Defined(line, language), Is.EqualTo(expected));

    [TestCase("return compute(total, rows);", SourceLanguage.CSharp)]
    [TestCase("result.append(parse(row))", SourceLanguage.Python)]
    [TestCase("this.lines.push({ item, quantity });", SourceLanguage.TypeScript)]
    [TestCase("if (ready) { start(config); }", SourceLanguage.JavaScript)]
    [TestCase("w.WriteHeader(http.StatusNotFound)", SourceLanguage.Go)]
    [TestCase("count += step", SourceLanguage.Python)]
    [TestCase("impl Sink for StandardSink<'_> {", SourceLanguage.Rust)]
    [TestCase("impl<M: Matcher> Searcher<M> {", SourceLanguage.Rust)]
    [TestCase("searcher.search_path(&matcher, path, sink)?;", SourceLanguage.Rust)]
    public void Defined_is_empty_for_a_line_that_only_uses_names(string line, SourceLanguage language) =>
        Assert.That(IdentifierScanner.Defined(line, language), Is.Empty);

    [Test]
    public void Defined_reads_no_declarations_from_minified_lines()
    {
        var line = "function a(b){return b}" + string.Concat(Enumerable.Repeat(";var c=(d)=>d", 300));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(IdentifierScanner.Defined(line, SourceLanguage.JavaScript), Is.Empty);
            Assert.That(IdentifierScanner.Identifiers(line, SourceLanguage.JavaScript), Is.EqualTo(new[] { "a", "b", "c", "d" }));
        }
    }

    [Test]
    public void Defined_names_are_among_the_identifiers_of_the_line()
    {
        const string line = "def lookup(self, sku, default=MISSING):";

        Assert.That(IdentifierScanner.Identifiers(line, SourceLanguage.Python).Except(IdentifierScanner.Defined(line, SourceLanguage.Python)), Is.EqualTo(new[] { "MISSING" }));
    }
}
