using System.Globalization;
using System.Text;
using Dep = ReviewBot.Benchmarks.Engine.CostSources.Dep;

namespace ReviewBot.Benchmarks.Engine;

/// <summary>
/// How <see cref="CostSources"/> writes a type, its imports, fields and methods in one language. Types of the same unit
/// are imported by name; types of other units are named through their namespace or an import alias, so two units'
/// equal type names never clash.
/// </summary>
internal abstract class Dialect
{
    private static readonly Dictionary<string, Dialect> All = new(StringComparer.Ordinal)
    {
        ["cs"] = new CSharpDialect(), ["java"] = new JavaDialect(), ["ts"] = new TypeScriptDialect(), ["go"] = new GoDialect(), ["py"] = new PythonDialect(),
    };

    public static Dialect For(string language) => All[language];

    public abstract string Member(string camel);

    public abstract string Method(string pascal);

    public abstract void Header(StringBuilder text, CostSources sources, Dep own, IReadOnlyList<Dep> deps);

    public abstract void TypeStart(StringBuilder text, CostSources sources, Dep own, IReadOnlyList<Dep> fields);

    public abstract string TypeRef(CostSources sources, Dep own, Dep dep);

    public virtual string Call(string field, string method) => $"this.{field}.{method}(total)";

    public virtual string New(string type, string method) => $"new {type}().{method}(total)";

    public virtual void TypeEnd(StringBuilder text) => text.Append("}\n");

    /// <summary>A method of a few lines: arithmetic on its own constants, then one line per call, a branch, a return.</summary>
    public void Method(StringBuilder text, string type, string name, bool scaled, IReadOnlyList<string> calls, Random random)
    {
        var (a, b, c, d) = (random.Next(2, 97), random.Next(1, 9973), random.Next(100, 99_999), random.Next(1, 997));
        Signature(text, type, name, scaled);
        Line(text, Declare(string.Create(CultureInfo.InvariantCulture, $"value * {a} + {b}")));
        if (scaled)
        {
            Line(text, Statement("total = total * scale"));
        }
        foreach (var call in calls)
        {
            Line(text, Statement("total += " + call));
        }
        Branch(text, string.Create(CultureInfo.InvariantCulture, $"total > {c}"), string.Create(CultureInfo.InvariantCulture, $"total -= {d}"));
        Line(text, Statement("return total"));
        EndMethod(text);
    }

    protected abstract void Signature(StringBuilder text, string type, string name, bool scaled);

    protected abstract string Declare(string expression);

    protected virtual string Statement(string statement) => statement + ";";

    protected virtual void Branch(StringBuilder text, string condition, string statement)
    {
        Line(text, $"if ({condition})");
        Line(text, "{");
        Line(text, "    " + Statement(statement));
        Line(text, "}");
    }

    protected virtual void EndMethod(StringBuilder text) => text.Append("    }\n\n");

    /// <summary>A file of the same unit is imported by its type's name; others through an alias or their namespace.</summary>
    protected static bool ByName(Dep own, Dep dep) => dep.Unit == own.Unit && dep.Name.Length > 0;

    protected static string Aliased(Dep own, Dep dep) => (ByName(own, dep) ? "" : dep.Alias + ".") + CostLayout.TypeName(dep.Unit, dep.Index);

    /// <summary>One import line a dependency: by name for the same unit, through its alias for the others.</summary>
    protected static void Imports(StringBuilder text, Dep own, IEnumerable<Dep> deps, Func<Dep, string> byName, Func<Dep, string> aliased)
    {
        foreach (var d in deps)
        {
            text.Append(ByName(own, d) ? byName(d) : aliased(d));
        }
    }

    protected static void Fields(StringBuilder text, IReadOnlyList<Dep> fields, Func<Dep, string> line)
    {
        foreach (var f in fields)
        {
            text.Append(line(f));
        }
    }

    protected static void Line(StringBuilder text, string line) => text.Append("        ").Append(line).Append('\n');
}

internal sealed class CSharpDialect : Dialect
{
    public override string Member(string camel) => "_" + camel;

    public override string Method(string pascal) => pascal;

    public override void Header(StringBuilder text, CostSources sources, Dep own, IReadOnlyList<Dep> deps)
    {
        var usings = deps.Where(d => d.Name.Length > 0).Select(d => "Acme." + sources.Namespace(d.Unit, d.Index)).Append(own.Index >= CostLayout.SourceFiles ? "NUnit.Framework" : "System")
            .Where(n => n != "Acme." + sources.Namespace(own.Unit, own.Index)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var u in usings)
        {
            text.Append("using ").Append(u).Append(";\n");
        }
        text.Append("\nnamespace Acme.").Append(sources.Namespace(own.Unit, own.Index)).Append(";\n\n");
    }

    public override void TypeStart(StringBuilder text, CostSources sources, Dep own, IReadOnlyList<Dep> fields)
    {
        var type = CostLayout.TypeName(own.Unit, own.Index);
        text.Append(CultureInfo.InvariantCulture, $"/// <summary>{type} of project P{own.Unit:0000} (generated for the context cost benchmark).</summary>\n");
        text.Append(own.Index >= CostLayout.SourceFiles ? "[TestFixture]\n" : "").Append("public sealed class ").Append(type).Append("\n{\n");
        foreach (var f in fields)
        {
            text.Append("    private readonly ").Append(TypeRef(sources, own, f)).Append(' ').Append(f.Name).Append(" = new();\n");
        }
        text.Append('\n');
    }

    public override string TypeRef(CostSources sources, Dep own, Dep dep) =>
        ByName(own, dep) ? CostLayout.TypeName(dep.Unit, dep.Index) : "Acme." + sources.Namespace(dep.Unit, dep.Index) + "." + CostLayout.TypeName(dep.Unit, dep.Index);

    public override string Call(string field, string method) => $"{field}.{method}(total)";

    protected override void Signature(StringBuilder text, string type, string name, bool scaled) =>
        text.Append("    public int ").Append(name).Append(scaled ? "(int value, int scale = 1)\n    {\n" : "(int value)\n    {\n");

    protected override string Declare(string expression) => $"var total = {expression};";
}

/// <summary>Java and TypeScript: the opening brace on the line of the condition.</summary>
internal abstract class SameLineBraceDialect : Dialect
{
    protected override void Branch(StringBuilder text, string condition, string statement)
    {
        Line(text, $"if ({condition}) {{");
        Line(text, "    " + Statement(statement));
        Line(text, "}");
    }
}

internal sealed class JavaDialect : SameLineBraceDialect
{
    public override string Member(string camel) => camel;

    public override string Method(string pascal) => CostSources.Camel(pascal);

    public override void Header(StringBuilder text, CostSources sources, Dep own, IReadOnlyList<Dep> deps)
    {
        text.Append("package ").Append(Package(sources, own)).Append(";\n\n");
        foreach (var d in deps.Where(d => ByName(own, d) && Package(sources, d) != Package(sources, own)).DistinctBy(d => d.Index))
        {
            text.Append("import ").Append(Package(sources, d)).Append('.').Append(CostLayout.TypeName(d.Unit, d.Index)).Append(";\n");
        }
        text.Append('\n');
    }

    public override void TypeStart(StringBuilder text, CostSources sources, Dep own, IReadOnlyList<Dep> fields)
    {
        text.Append("/** Generated for the context cost benchmark. */\npublic final class ").Append(CostLayout.TypeName(own.Unit, own.Index)).Append(" {\n");
        foreach (var f in fields)
        {
            var type = TypeRef(sources, own, f);
            text.Append("    private final ").Append(type).Append(' ').Append(f.Name).Append(" = new ").Append(type).Append("();\n");
        }
        text.Append('\n');
    }

    public override string TypeRef(CostSources sources, Dep own, Dep dep) =>
        (ByName(own, dep) ? "" : Package(sources, dep) + ".") + CostLayout.TypeName(dep.Unit, dep.Index);

    protected override void Signature(StringBuilder text, string type, string name, bool scaled) =>
        text.Append("    public int ").Append(name).Append(scaled ? "(int value, int scale) {\n" : "(int value) {\n");

    protected override string Declare(string expression) => $"int total = {expression};";

    private static string Package(CostSources sources, Dep dep) =>
        string.Create(CultureInfo.InvariantCulture, $"com.acme.m{dep.Unit:0000}.{(dep.Index >= CostLayout.SourceFiles ? "tests" : sources.Folder(dep.Index).ToLowerInvariant())}");
}

internal sealed class TypeScriptDialect : SameLineBraceDialect
{
    public override string Member(string camel) => camel;

    public override string Method(string pascal) => CostSources.Camel(pascal);

    public override void Header(StringBuilder text, CostSources sources, Dep own, IReadOnlyList<Dep> deps)
    {
        var from = Path.GetDirectoryName(sources.PathOf(own.Unit, own.Index))!;
        string Relative(Dep d)
        {
            var relative = Path.GetRelativePath(from, sources.PathOf(d.Unit, d.Index)[..^3]).Replace('\\', '/');
            return relative.StartsWith('.') ? relative : "./" + relative;
        }
        Imports(text, own, deps, d => $"import {{ {CostLayout.TypeName(d.Unit, d.Index)} }} from \"{Relative(d)}\";\n", d => $"import * as {d.Alias} from \"{Relative(d)}\";\n");
        text.Append('\n');
    }

    public override void TypeStart(StringBuilder text, CostSources sources, Dep own, IReadOnlyList<Dep> fields)
    {
        text.Append("/** Generated for the context cost benchmark. */\nexport class ").Append(CostLayout.TypeName(own.Unit, own.Index)).Append(" {\n");
        Fields(text, fields, f => $"    private readonly {f.Name} = new {TypeRef(sources, own, f)}();\n");
        text.Append('\n');
    }

    public override string TypeRef(CostSources sources, Dep own, Dep dep) => Aliased(own, dep);

    protected override void Signature(StringBuilder text, string type, string name, bool scaled) =>
        text.Append("    ").Append(name).Append(scaled ? "(value: number, scale = 1): number {\n" : "(value: number): number {\n");

    protected override string Declare(string expression) => $"let total = {expression};";
}

internal sealed class GoDialect : Dialect
{
    public override string Member(string camel) => camel;

    public override string Method(string pascal) => pascal;

    public override void Header(StringBuilder text, CostSources sources, Dep own, IReadOnlyList<Dep> deps)
    {
        text.Append("package ").Append(Package(sources, own)).Append("\n\n");
        var imports = deps.Where(d => !SamePackage(sources, own, d)).ToList();
        if (imports.Count > 0)
        {
            text.Append("import (\n");
            foreach (var d in imports)
            {
                text.Append(CultureInfo.InvariantCulture, $"\t{d.Alias} \"acme/go/pkg{d.Unit:0000}/{Package(sources, d)}\"\n");
            }
            text.Append(")\n\n");
        }
    }

    public override void TypeStart(StringBuilder text, CostSources sources, Dep own, IReadOnlyList<Dep> fields)
    {
        var type = CostLayout.TypeName(own.Unit, own.Index);
        text.Append("// ").Append(type).Append(" is generated for the context cost benchmark.\ntype ").Append(type).Append(" struct {\n");
        foreach (var f in fields)
        {
            text.Append('\t').Append(f.Name).Append(" *").Append(TypeRef(sources, own, f)).Append('\n');
        }
        text.Append("}\n\n");
    }

    public override string TypeRef(CostSources sources, Dep own, Dep dep) =>
        (SamePackage(sources, own, dep) ? "" : dep.Alias + ".") + CostLayout.TypeName(dep.Unit, dep.Index);

    public override string Call(string field, string method) => $"t.{field}.{method}(total)";

    public override string New(string type, string method) => $"(&{type}{{}}).{method}(total)";

    public override void TypeEnd(StringBuilder text)
    {
    }

    protected override void Signature(StringBuilder text, string type, string name, bool scaled) =>
        text.Append("func (t *").Append(type).Append(") ").Append(name).Append(scaled ? "(value int, scale int) int {\n" : "(value int) int {\n");

    protected override string Declare(string expression) => $"total := {expression}";

    protected override string Statement(string statement) => statement;

    protected override void Branch(StringBuilder text, string condition, string statement)
    {
        Line(text, $"if {condition} {{");
        Line(text, "    " + statement);
        Line(text, "}");
    }

    protected override void EndMethod(StringBuilder text) => text.Append("}\n\n");

    private static bool SamePackage(CostSources sources, Dep own, Dep dep) => dep.Unit == own.Unit && Package(sources, dep) == Package(sources, own);

    private static string Package(CostSources sources, Dep dep) => sources.Folder(dep.Index).ToLowerInvariant();
}

internal sealed class PythonDialect : Dialect
{
    public override string Member(string camel) => "_" + CostSources.Snake(camel);

    public override string Method(string pascal) => CostSources.Snake(pascal);

    public override void Header(StringBuilder text, CostSources sources, Dep own, IReadOnlyList<Dep> deps)
    {
        text.Append("\"\"\"Generated for the context cost benchmark.\"\"\"\n\n");
        Imports(text, own, deps, d => $"from {Module(sources, d)} import {CostLayout.TypeName(d.Unit, d.Index)}\n", d => $"import {Module(sources, d)} as {d.Alias}\n");
        text.Append("\n\n");
    }

    public override void TypeStart(StringBuilder text, CostSources sources, Dep own, IReadOnlyList<Dep> fields)
    {
        text.Append("class ").Append(CostLayout.TypeName(own.Unit, own.Index)).Append(":\n    def __init__(self):\n");
        Fields(text, fields, f => $"        self.{f.Name} = {TypeRef(sources, own, f)}()\n");
        text.Append(fields.Count == 0 ? "        pass\n\n" : "\n");
    }

    public override string TypeRef(CostSources sources, Dep own, Dep dep) => Aliased(own, dep);

    public override string Call(string field, string method) => $"self.{field}.{method}(total)";

    public override string New(string type, string method) => $"{type}().{method}(total)";

    public override void TypeEnd(StringBuilder text)
    {
    }

    protected override void Signature(StringBuilder text, string type, string name, bool scaled) =>
        text.Append("    def ").Append(name).Append(scaled ? "(self, value, scale=1):\n" : "(self, value):\n");

    protected override string Declare(string expression) => $"total = {expression}";

    protected override string Statement(string statement) => statement;

    protected override void Branch(StringBuilder text, string condition, string statement)
    {
        Line(text, $"if {condition}:");
        Line(text, "    " + statement);
    }

    protected override void EndMethod(StringBuilder text) => text.Append('\n');

    private static string Module(CostSources sources, Dep dep) => sources.PathOf(dep.Unit, dep.Index)[3..^3].Replace('/', '.');
}
