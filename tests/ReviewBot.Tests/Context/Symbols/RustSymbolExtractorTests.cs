using ReviewBot.Context.Symbols;

namespace ReviewBot.Tests.Context.Symbols;

/// <summary>Rust's declarations as both extractors must report them.</summary>
[TestFixtureSource(typeof(SymbolExtractorTests), nameof(SymbolExtractorTests.Kinds))]
public class RustSymbolExtractorTests(ExtractorKind kind)
{
    private const string Source = """
        use crate::sink::{Sink, SinkError};
        mod lines;

        pub const DEFAULT_CAPACITY: usize = 64 * (1 << 10);
        static mut COUNT: u32 = 0;
        pub type Result<T> = std::result::Result<T, SinkError>;

        macro_rules! fail {
            ($msg:expr) => {
                return Err(SinkError::new($msg))
            };
        }

        #[derive(Clone, Debug)]
        pub struct Searcher<'s> {
            name: &'s str,
            raw: &'static str,
        }

        pub enum Mode {
            Fast,
            Exact(u8),
        }

        pub trait Report {
            fn report(&self) -> String;
        }

        impl<'s> Searcher<'s> {
            pub fn new(name: &'s str) -> Searcher<'s> {
                let local = '}';
                let text = r#"fn not_a_function() { "#;
                Searcher { name, raw: text }
            }
        }

        impl Report for Searcher<'_> {
            fn report(&self) -> String {
                format!("{}", self.name)
            }
        }

        pub(crate) async unsafe fn run<T: Clone>(value: T) -> T
        where
            T: Copy,
        {
            value
        }
        """;

    private ISymbolExtractor _extractor = null!;

    [OneTimeSetUp]
    public async Task CreateExtractor() => _extractor = await Extractors.CreateAsync(kind);

    private async Task<IReadOnlyList<SymbolDefinition>> ExtractAsync() =>
        await _extractor.ExtractAsync([new SourceFile("src/searcher.rs", Source)], CancellationToken.None);

    [Test]
    public async Task Functions_types_constants_statics_and_macros_are_found_with_their_spans()
    {
        var found = await ExtractAsync();

        Assert.That(found.Select(d => (d.Name, d.Kind, d.StartLine, d.EndLine)),
            Is.SupersetOf(new[]
            {
                ("DEFAULT_CAPACITY", SymbolKinds.Constant, 4, 4),
                ("COUNT", SymbolKinds.Constant, 5, 5),
                ("Result", SymbolKinds.Type, 6, 6),
                ("fail", SymbolKinds.Function, 8, 12),
                ("Searcher", SymbolKinds.Struct, 15, 18),
                ("Mode", SymbolKinds.Enum, 20, 23),
                ("Report", SymbolKinds.Interface, 25, 27),
                ("run", SymbolKinds.Function, 43, 48),
            }));
    }

    [Test]
    public async Task A_method_in_an_impl_block_has_the_type_as_its_scope_and_the_impl_defines_nothing()
    {
        var found = await ExtractAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(found.Where(d => d.Name == "new").Select(d => (d.Kind, d.Scope, d.StartLine, d.EndLine)),
                Is.EqualTo(new[] { (SymbolKinds.Method, (string?)"Searcher", 30, 34) }));
            Assert.That(found.Where(d => d.Name == "report" && d.StartLine == 38).Select(d => (d.Kind, d.Scope, d.EndLine)),
                Is.EqualTo(new[] { (SymbolKinds.Method, (string?)"Searcher", 40) }));
            Assert.That(found.Where(d => d.Name is "Searcher" or "Report").Select(d => d.StartLine), Is.EquivalentTo(new[] { 15, 25 }));
        }
    }

    [Test]
    public async Task Let_bindings_modules_declared_elsewhere_and_code_in_strings_are_no_definitions()
    {
        var found = await ExtractAsync();

        Assert.That(found.Select(d => d.Name), Has.None.AnyOf("local", "text", "lines", "not_a_function", "sink", "Sink"));
    }
}
