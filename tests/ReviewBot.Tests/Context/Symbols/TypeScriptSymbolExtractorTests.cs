using ReviewBot.Context.Symbols;

namespace ReviewBot.Tests.Context.Symbols;

/// <summary>TypeScript class bodies, generic headers and overloads as both extractors must report them (shapes from hono's request.ts and trie.ts).</summary>
[TestFixtureSource(typeof(SymbolExtractorTests), nameof(SymbolExtractorTests.Kinds))]
public class TypeScriptSymbolExtractorTests(ExtractorKind kind)
{
    private const string Source = """
        import { parse } from './body'

        type Body = { json: unknown; text: string }

        export class HonoRequest<P extends string = '/', I extends Input = {}> {
          #index: number = 0
          paths: Record<string, string> = Object.create(null)
          bodyCache: Partial<Body> = {}

          #cachedBody = (key: keyof Body) => {
            const cached = this.bodyCache[key]
            return cached ?? parse(key)
          }

          buildRegExp(): RegExp {
            const source = Object.keys(this.paths).join('|')
            return new RegExp(source)
          }

          header(name: string): string | undefined
          header(): Record<string, string>
          header(name?: string) {
            const headers = this.headers
            return name ? headers[name] : headers
          }

          json<T = any>(): Promise<T> {
            return this.#cachedBody('json')
          }
        }

        export function route(path: string): string
        export function route(path: string, base: string): string
        export function route(path: string, base = '/'): string {
          const joined = base + path
          return joined
        }

        export const compare = <T extends { id: number } = { id: 0 }>(a: T, b: T): boolean => a.id > b.id
        """;

    private ISymbolExtractor _extractor = null!;

    [OneTimeSetUp]
    public async Task CreateExtractor() => _extractor = await Extractors.CreateAsync(kind);

    private async Task<IReadOnlyList<SymbolDefinition>> ExtractAsync() =>
        await _extractor.ExtractAsync([new SourceFile("src/request.ts", Source)], CancellationToken.None);

    [Test]
    public async Task Members_after_fields_with_initialisers_are_found_with_their_spans()
    {
        var found = await ExtractAsync();

        Assert.That(found.Select(d => (d.Name, d.Kind, d.StartLine, d.EndLine, d.Scope)), Is.SupersetOf(new[]
        {
            ("bodyCache", SymbolKinds.Property, 8, 8, (string?)"HonoRequest"),
            ("#cachedBody", SymbolKinds.Method, 10, 13, "HonoRequest"),
            ("buildRegExp", SymbolKinds.Method, 15, 18, "HonoRequest"),
            ("json", SymbolKinds.Method, 27, 29, "HonoRequest"),
        }));
    }

    [Test]
    public async Task A_class_whose_type_parameter_defaults_to_an_empty_object_type_spans_its_body()
    {
        var found = await ExtractAsync();

        Assert.That(found.Where(d => d.Name == "HonoRequest").Select(d => (d.Kind, d.StartLine, d.EndLine)),
            Is.EqualTo(new[] { (SymbolKinds.Class, 5, 30) }));
    }

    [Test]
    public async Task Overload_signatures_and_their_implementation_are_one_definition_spanning_all()
    {
        var found = await ExtractAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(found.Where(d => d.Name == "header").Select(d => (d.Kind, d.StartLine, d.EndLine)),
                Is.EqualTo(new[] { (SymbolKinds.Method, 20, 25) }));
            Assert.That(found.Where(d => d.Name == "route").Select(d => (d.Kind, d.StartLine, d.EndLine)),
                Is.EqualTo(new[] { (SymbolKinds.Function, 32, 37) }));
        }
    }

    [Test]
    public async Task An_arrow_function_with_type_parameters_holding_braces_and_a_comparison_ends_on_its_line()
    {
        var found = await ExtractAsync();

        Assert.That(found.Where(d => d.Name == "compare").Select(d => (d.Kind, d.StartLine, d.EndLine)),
            Is.EqualTo(new[] { (SymbolKinds.Function, 39, 39) }));
    }

    [Test]
    public async Task Locals_of_methods_and_functions_and_imported_names_are_no_definitions()
    {
        var found = await ExtractAsync();

        Assert.That(found.Select(d => d.Name), Has.None.AnyOf("cached", "key", "source", "headers", "joined", "parse", "name", "T"));
    }
}
