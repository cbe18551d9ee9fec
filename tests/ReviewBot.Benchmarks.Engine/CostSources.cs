// Instance members kept instance members where they could be static: the layout and sources are passed around as values.
#pragma warning disable CA1822
using System.Globalization;
using System.Text;

namespace ReviewBot.Benchmarks.Engine;

/// <summary>What the head commit does to a file of <see cref="CostRepository"/>.</summary>
internal enum CostEdit
{
    None,
    /// <summary>A new method whose lines call methods and construct types of other, unchanged files.</summary>
    AddCalls,
    /// <summary>The same, and the first method (which other files call) gains a parameter with a default.</summary>
    AddCallsAndSignature,
}

/// <summary>
/// Renders one file of the generated tree: a type with 3–26 methods that call the methods of the files it depends on
/// (<see cref="CostLayout.Dependencies"/>), in C#, Python, TypeScript, Go or Java; tests call the type they test.
/// Constants come from the file's own random stream, so no two files are the same blob.
/// </summary>
internal sealed class CostSources(CostLayout layout)
{
    private static readonly string[] Folders = ["Core", "Services", "Models", "Data", "Api"];

    public string PathOf(int unit, int index)
    {
        var u = unit.ToString("0000", CultureInfo.InvariantCulture);
        var folder = Folders[FolderOf(index)];
        var type = CostLayout.TypeName(unit, index);
        var test = CostLayout.IsTest(index);
        return layout.Language(unit) switch
        {
            "cs" when index == CostLayout.SourceFiles => $"src/P{u}/P{u}.csproj",
            "cs" when index == CostLayout.SourceFiles + 1 => $"tests/P{u}.Tests/P{u}.Tests.csproj",
            "cs" => test ? $"tests/P{u}.Tests/{type}.cs" : $"src/P{u}/{folder}/{type}.cs",
            "py" => test ? $"py/pkg{u}/tests/test_{Snake(type)}.py" : $"py/pkg{u}/{folder.ToLowerInvariant()}/{Snake(type)}.py",
            "ts" => test ? $"web/pkg{u}/test/{Camel(type)}.test.ts" : $"web/pkg{u}/src/{folder.ToLowerInvariant()}/{Camel(type)}.ts",
            "go" => $"go/pkg{u}/{folder.ToLowerInvariant()}/{Snake(type)}.go".Replace("_tests.go", "_test.go", StringComparison.Ordinal),
            _ => $"java/m{u}/src/{(test ? "test" : "main")}/java/com/acme/m{u}/{folder.ToLowerInvariant()}/{type}.java",
        };
    }

    public string Render(int unit, int index, CostEdit edit)
    {
        var language = layout.Language(unit);
        if (language == "cs" && index == CostLayout.SourceFiles)
        {
            return Project(unit, test: false);
        }
        if (language == "cs" && index == CostLayout.SourceFiles + 1)
        {
            return Project(unit, test: true);
        }
        var dialect = Dialect.For(language);
        var random = layout.Random(unit, index, 3);
        List<(int Unit, int Index)> targets = CostLayout.IsTest(index) ? [(unit, CostLayout.TestTarget(index))] : [.. layout.Dependencies(unit, index)];
        var fields = targets.Select((d, j) => new Dep(dialect.Member(Camel(CostLayout.TypeName(d.Unit, d.Index)) + j), "m" + j, d.Unit, d.Index)).ToList();
        // The head's new method calls the dependencies of the dependencies: files this one did not name before.
        var extras = edit == CostEdit.None ? [] : fields.Select((f, j) => layout.Dependencies(f.Unit, f.Index)[^1])
            .Select((d, j) => new Dep("", "x" + j, d.Unit, d.Index)).ToList();
        var own = new Dep("", "", unit, index);
        var text = new StringBuilder(4096);
        dialect.Header(text, this, own, [.. fields, .. extras]);
        dialect.TypeStart(text, this, own, fields);
        var methods = layout.Methods(unit, index);
        for (var k = 0; k < methods.Count; k++)
        {
            var calls = new List<string>();
            foreach (var field in fields)
            {
                var theirs = layout.Methods(field.Unit, field.Index);
                // Method 0 always calls each dependency's method 0, so a changed signature there has callers elsewhere.
                if (k == 0 || random.Next(3) == 0)
                {
                    calls.Add(dialect.Call(field.Name, dialect.Method(theirs[k == 0 ? 0 : random.Next(theirs.Count)])));
                }
            }
            var scaled = k == 0 && edit == CostEdit.AddCallsAndSignature;
            dialect.Method(text, CostLayout.TypeName(unit, index), dialect.Method(methods[k]), scaled, calls, random);
        }
        if (edit != CostEdit.None)
        {
            var calls = new List<string>();
            for (var j = 0; j < fields.Count; j++)
            {
                calls.Add(dialect.New(dialect.TypeRef(this, own, extras[j]), dialect.Method(layout.Methods(extras[j].Unit, extras[j].Index)[0])));
                calls.Add(dialect.Call(fields[j].Name, dialect.Method(layout.Methods(fields[j].Unit, fields[j].Index)[^1])));
            }
            dialect.Method(text, CostLayout.TypeName(unit, index), dialect.Method("Reconcile" + CostLayout.Nouns[(unit + index) % CostLayout.Nouns.Length]), false, calls, random);
        }
        dialect.TypeEnd(text);
        return text.ToString();
    }

    public string Folder(int index) => Folders[FolderOf(index)];

    public string Namespace(int unit, int index) =>
        $"P{unit.ToString("0000", CultureInfo.InvariantCulture)}.{(CostLayout.IsTest(index) ? "Tests" : Folders[FolderOf(index)])}";

    private static int FolderOf(int index) => CostLayout.IsTest(index) ? FolderOf(CostLayout.TestTarget(index)) : index % Folders.Length;

    private string Project(int unit, bool test)
    {
        var u = unit.ToString("0000", CultureInfo.InvariantCulture);
        var references = test ? [$"../../src/P{u}/P{u}.csproj"]
            : layout.References(unit).Select(r => { var p = r.ToString("0000", CultureInfo.InvariantCulture); return $"../P{p}/P{p}.csproj"; }).ToList();
        var text = new StringBuilder();
        text.Append("<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n")
            .Append(CultureInfo.InvariantCulture, $"    <RootNamespace>Acme.P{u}{(test ? ".Tests" : "")}</RootNamespace>\n    <Nullable>enable</Nullable>\n  </PropertyGroup>\n  <ItemGroup>\n");
        foreach (var reference in references)
        {
            text.Append(CultureInfo.InvariantCulture, $"    <ProjectReference Include=\"{reference}\" />\n");
        }
        if (test)
        {
            text.Append("    <PackageReference Include=\"NUnit\" Version=\"4.2.2\" />\n");
        }
        return text.Append("  </ItemGroup>\n</Project>\n").ToString();
    }

    public static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    public static string Camel(string pascal) => char.ToLowerInvariant(pascal[0]) + pascal[1..];

    /// <summary>A file this one names: as a field (<paramref name="Name"/>) or only in the head's new method; <paramref name="Alias"/> is its import alias where the language has one.</summary>
    internal sealed record Dep(string Name, string Alias, int Unit, int Index);
}
