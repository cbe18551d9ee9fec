using ReviewBot.Context.Symbols;

namespace ReviewBot.Tests.Context.Symbols;

/// <summary>The expectations both extractors must meet, run once against each.</summary>
[TestFixtureSource(nameof(Kinds))]
public class SymbolExtractorTests(ExtractorKind kind)
{
    public static readonly ExtractorKind[] Kinds = [ExtractorKind.Ctags, ExtractorKind.Fallback];

    private ISymbolExtractor _extractor = null!;

    [OneTimeSetUp]
    public async Task CreateExtractor() => _extractor = await Extractors.CreateAsync(kind);

    [TestCaseSource(typeof(SymbolFixtures), nameof(SymbolFixtures.All))]
    public async Task Finds_the_functions_methods_and_types_of_a_realistic_file(string path, SymbolDefinition[] expected)
    {
        var found = await _extractor.ExtractAsync([SymbolFixtures.Load(path)], CancellationToken.None);

        var callablesAndTypes = found.Where(d => d.IsCallable || d.IsType).ToList();
        Assert.That(callablesAndTypes, Is.SupersetOf(expected));
        Assert.That(callablesAndTypes, Has.Count.EqualTo(expected.Length + ExtraCallables(path)), string.Join("\n", callablesAndTypes));
    }

    [Test]
    public async Task Reports_paths_as_given_file_by_file_in_the_order_given()
    {
        SourceFile[] files =
        [
            new("src/b/second.py", "def b():\n    pass\n"),
            new("README.md", "# def not_code():\n"),
            new("src/a/first.go", "package a\n\nfunc A() {\n}\n"),
            new("lib/Third.cs", "class Third\n{\n    void M() { }\n}\n"),
        ];

        var found = await _extractor.ExtractAsync(files, CancellationToken.None);

        Assert.That(
            found.Where(d => d.Kind != SymbolKinds.Namespace).Select(d => (d.Path, d.Name, d.StartLine, d.EndLine)),
            Is.EqualTo(new[] { ("src/b/second.py", "b", 1, 2), ("src/a/first.go", "A", 3, 4), ("lib/Third.cs", "Third", 1, 4), ("lib/Third.cs", "M", 3, 3) }));
    }

    [Test]
    public async Task Script_constants_inside_callbacks_and_functions_are_locals_not_definitions()
    {
        var file = new SourceFile("src/images.test.ts", """
            export const LIMIT = 5;
            describe("images", () => {
              it("finds none", () => {
                const body = "No images here";
                const result = scan(body);
                expect(result).toBe(LIMIT);
              });
            });
            const handler = async () => {
              const result = await fetch();
              return result;
            };
            """);

        var found = await _extractor.ExtractAsync([file], CancellationToken.None);

        Assert.That(found.Select(d => (d.Name, d.Kind)), Is.EquivalentTo(new[] { ("LIMIT", SymbolKinds.Constant), ("handler", SymbolKinds.Function) }));
    }

    [Test]
    public async Task Arrow_functions_and_function_expressions_in_variables_are_functions()
    {
        var file = new SourceFile("src/hooks.ts", """
            export const useCart = <T,>(initial: T[]) => {
              return initial;
            };
            const handler = async (event: Event): Promise<void> => {
              console.log(event);
            };
            let legacy = function (a, b) {
              return a + b;
            };
            const limit = 10;
            """);

        var found = await _extractor.ExtractAsync([file], CancellationToken.None);

        Assert.That(found.Select(d => (d.Name, d.Kind, d.StartLine, d.EndLine)), Is.EqualTo(new[]
        {
            ("useCart", "function", 1, 3), ("handler", "function", 4, 6), ("legacy", "function", 7, 9), ("limit", "constant", 10, 10),
        }));
    }

    [Test]
    public async Task Types_named_in_imports_casts_and_checks_are_not_definitions()
    {
        var file = new SourceFile("a.ts", """
            import {type Options, create} from './core';
            import {
              type Hooks,
            } from './hooks';
            export { type Retry } from './retry';

            export function run(options: unknown) {
              const typed = options as Options;
              if (typed instanceof Error) {
                return typed satisfies Hooks;
              }
              return create(typed);
            }
            """);

        var found = await _extractor.ExtractAsync([file], CancellationToken.None);

        Assert.That(found.Select(d => d.Name), Is.EqualTo(new[] { "run" }));
    }

    [Test]
    public async Task Nested_functions_are_scoped_to_their_parent()
    {
        var file = new SourceFile("schema.py", """
            registry = Registry(
                lambda: None,
            )


            def outer():
                def inner():
                    return 1
                return inner
            """);

        var found = await _extractor.ExtractAsync([file], CancellationToken.None);

        Assert.That(found.Where(d => d.IsCallable).Select(d => (d.Name, d.StartLine, d.EndLine, d.Scope)), Is.SupersetOf(new[]
        {
            ("outer", 6, 9, (string?)null), ("inner", 7, 8, "outer"),
        }));
    }

    [Test]
    public async Task A_declaration_without_a_body_ends_where_it_starts()
    {
        var file = new SourceFile("Shape.java", "abstract class Shape {\n    abstract double area();\n\n    abstract double perimeter(\n        double scale);\n}\n");

        var found = await _extractor.ExtractAsync([file], CancellationToken.None);

        Assert.That(found.Select(d => (d.Name, d.StartLine, d.EndLine)), Is.EqualTo(new[] { ("Shape", 1, 6), ("area", 2, 2), ("perimeter", 4, 5) }));
    }

    [Test]
    public async Task Files_of_unknown_languages_give_nothing()
    {
        var found = await _extractor.ExtractAsync([new SourceFile("Makefile", "all:\n\tcc main.c\n"), new SourceFile("x.rb", "def f\nend\n")], CancellationToken.None);

        Assert.That(found, Is.Empty);
    }

    [Test]
    public async Task No_files_give_nothing() =>
        Assert.That(await _extractor.ExtractAsync([], CancellationToken.None), Is.Empty);

    /// <summary>Callables and types beyond the shared expectations that this extractor finds in a fixture, documented.</summary>
    private int ExtraCallables(string path) => (kind, path) switch
    {
        // Both find `get(key)`: ctags 5.9 loses it, the built-in parser's definitions fill it in.
        (_, "util.js") => 1,
        _ => 0,
    };
}
