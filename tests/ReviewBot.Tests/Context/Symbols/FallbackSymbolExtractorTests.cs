using ReviewBot.Context.Symbols;

namespace ReviewBot.Tests.Context.Symbols;

/// <summary>The built-in parser on its own: the forms it must get right without ctags, and the ones it knowingly misses.</summary>
public class FallbackSymbolExtractorTests
{
    private static async Task<IReadOnlyList<(string Name, string Kind, int Start, int End)>> ExtractAsync(string path, string text) =>
        [.. (await new FallbackSymbolExtractor().ExtractAsync([new SourceFile(path, text)], CancellationToken.None))
            .Select(d => (d.Name, d.Kind, d.StartLine, d.EndLine))];

    [Test]
    public async Task Braces_in_strings_characters_and_comments_do_not_move_the_end()
    {
        var found = await ExtractAsync("Braces.cs", """"
            class Braces
            {
                string A() { return "}"; }
                char B() => '}';
                void C()
                {
                    // }
                    /* } */
                    var verbatim = @"}""}";
                    var interpolated = $"{Name} }} {{";
                    var raw = """
                        }
                        """;
                }
                string Name => "x";
            }
            """");

        Assert.That(found, Is.EqualTo(new[]
        {
            ("Braces", "class", 1, 16), ("A", "method", 3, 3), ("B", "method", 4, 4), ("C", "method", 5, 14), ("Name", "property", 15, 15),
        }));
    }

    [Test]
    public async Task Python_method_ends_where_its_indentation_ends()
    {
        var found = await ExtractAsync("report.py", """
            class Report:
                def render(self, rows):
                    out = render_rows(
            rows,
                    )
                    doc = '''
            def fake():
            '''
            # a comment in column 0

                    return out + doc


                def empty(self): pass
            x = 1
            """);

        Assert.That(found, Is.EqualTo(new[] { ("Report", "class", 1, 14), ("render", "method", 2, 11), ("empty", "method", 14, 14) }));
    }

    [Test]
    public async Task Statements_inside_a_body_are_not_taken_for_declarations()
    {
        var found = await ExtractAsync("Calls.cs", """
            class Calls
            {
                async Task Run(object o)
                {
                    await Send(o);
                    return Next(o);
                    throw new InvalidOperationException(Describe(o));
                    if (o is Point(var x, var y)) Move(x, y); else Stop(o);
                    var point = Point.Parse(Read());
                    Console.WriteLine(point);
                }
            }
            """);

        Assert.That(found, Is.EqualTo(new[] { ("Calls", "class", 1, 12), ("Run", "method", 3, 11) }));
    }

    [Test]
    public async Task CSharp_local_functions_and_top_level_statements_give_functions()
    {
        var found = await ExtractAsync("Program.cs", """
            var app = Build(args);
            app.Run();

            static App Build(string[] args)
            {
                return Configure(new App());

                App Configure(App app) => app;
            }
            """);

        Assert.That(found, Is.EqualTo(new[] { ("Build", "function", 4, 9), ("Configure", "function", 8, 8) }));
    }

    [Test]
    public async Task CSharp_explicit_interface_members_are_named_after_their_last_part()
    {
        var found = await ExtractAsync("Pool.cs", "sealed class Pool : IDisposable, IEnumerable<int>\n{\n    void IDisposable.Dispose() { }\n    IEnumerator<int> IEnumerable<int>.GetEnumerator() => throw new NotSupportedException();\n}\n");

        Assert.That(found.Select(f => f.Name), Is.EqualTo(new[] { "Pool", "Dispose", "GetEnumerator" }));
    }

    [Test]
    public async Task Go_type_literal_in_a_signature_is_not_the_body()
    {
        var found = await ExtractAsync("cases.go", "package p\n\nfunc cases() []struct {\n\tname string\n} {\n\treturn nil\n}\n\nfunc after() {}\n");

        Assert.That(found, Is.EqualTo(new[] { ("cases", "function", 3, 7), ("after", "function", 9, 9) }));
    }

    [Test]
    public async Task Go_grouped_declarations_are_each_found()
    {
        var found = await ExtractAsync("kinds.go", "package p\n\nconst (\n\tRed = iota\n\tGreen\n)\n\ntype (\n\tID string\n\tPair struct {\n\t\tA, B int\n\t}\n)\n");

        Assert.That(found, Is.EqualTo(new[]
        {
            ("Red", "constant", 4, 4), ("Green", "constant", 5, 5), ("ID", "type", 9, 9), ("Pair", "struct", 10, 12), ("A", "field", 11, 11), ("B", "field", 11, 11),
        }));
    }

    [Test]
    public async Task Script_regexes_and_template_literals_do_not_move_the_end()
    {
        var found = await ExtractAsync("parse.js", "function parse(text) {\n  const open = /[{]/g;\n  const half = total / 2; const x = y / 3;\n  return `${text.replace(open, '')} }`;\n}\n\nfunction next() {}\n");

        Assert.That(found, Is.EqualTo(new[] { ("parse", "function", 1, 5), ("next", "function", 7, 7) }));
    }

    [Test]
    public async Task Script_class_properties_holding_arrow_functions_are_methods()
    {
        var found = await ExtractAsync("button.tsx", "export class Button extends Component<Props> {\n  private count = 0;\n  handleClick = (event: MouseEvent) => {\n    this.count++;\n  };\n  #reset() {\n    this.count = 0;\n  }\n}\n");

        Assert.That(found, Is.EqualTo(new[]
        {
            ("Button", "class", 1, 9), ("count", "property", 2, 2), ("handleClick", "method", 3, 5), ("#reset", "method", 6, 8),
        }));
    }

    [Test]
    public async Task A_header_over_several_lines_holds_no_members()
    {
        var found = await ExtractAsync("array.ts", "export class ZodArray<T> extends ZodType<\n  arrayOutput<T>,\n  ArrayDef<T>\n> {\n  parse(input: Input) {\n    return input;\n  }\n}\n");

        Assert.That(found, Is.EqualTo(new[] { ("ZodArray", "class", 1, 8), ("parse", "method", 5, 7) }));
    }

    [Test]
    public async Task Functions_in_a_callback_given_to_a_top_level_call_are_found()
    {
        // ctags 5.9 stops at the constant and finds nothing inside.
        var found = await ExtractAsync("schema.ts", """
            export const Schema = define('schema', (inst) => {
              function check(value: unknown) {
                return value;
              }
              inst.check = check;
            });
            """);

        Assert.That(found, Is.EqualTo(new[] { ("Schema", "constant", 1, 6), ("check", "function", 2, 4) }));
    }

    [Test]
    public async Task Java_methods_of_anonymous_classes_are_methods()
    {
        var found = await ExtractAsync("Tasks.java", "class Tasks {\n    Runnable task() {\n        return new Runnable() {\n            @Override\n            public void run() {\n                work();\n            }\n        };\n    }\n}\n");

        Assert.That(found, Is.EqualTo(new[] { ("Tasks", "class", 1, 10), ("task", "method", 2, 9), ("run", "method", 5, 7) }));
    }

    [Test]
    public async Task Known_misses_are_object_literal_methods_class_expressions_and_anonymous_default_exports()
    {
        var found = await ExtractAsync("misses.js", "const api = {\n  get(url) {\n    return url;\n  },\n};\nconst Named = class Inner {\n  run() {}\n};\nexport default function () {\n  return 1;\n}\n");

        Assert.That(found.Select(f => f.Name), Is.EqualTo(new[] { "api", "Named" }));
    }

    [Test]
    public async Task Minified_lines_are_skipped()
    {
        var line = "function a(){return 1}" + string.Concat(Enumerable.Repeat(";var x=1", 500));

        var found = await ExtractAsync("bundle.min.js", line + "\nfunction b() {}\n");

        Assert.That(found.Select(f => f.Name), Is.EqualTo(new[] { "b" }));
    }
}
