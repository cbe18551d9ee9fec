using System.Text.RegularExpressions;
using ReviewBot.Context.Symbols.Fallback;

namespace ReviewBot.Context.Symbols.Parsing;

/// <summary>
/// The names a single masked line introduces: the type, function, method, property or variable it declares, the
/// parameters of a function it starts (lambdas included), and loop, catch and pattern variables. One line, no context:
/// an object literal's keys are not taken for definitions, nor are assignments to existing names.
/// </summary>
internal static partial class DefinedNames
{
    private static readonly HashSet<string> ControlWords = ["if", "for", "while", "switch", "catch", "return", "function", "with", "super"];

    public static IEnumerable<(int Index, string Name)> Find(string line, SourceLanguage language) => language switch
    {
        SourceLanguage.CSharp => CSharp(line),
        SourceLanguage.Java => Java(line),
        SourceLanguage.Go => Go(line),
        SourceLanguage.Python => Python(line),
        SourceLanguage.TypeScript or SourceLanguage.JavaScript => Script(line),
        SourceLanguage.Rust => Rust(line),
        _ => [],
    };

    private static IEnumerable<(int, string)> CSharp(string line)
    {
        var found = new List<(int, string)>();
        if (CSharpDefinitions.TypePattern().Match(line) is { Success: true } type)
        {
            Add(found, type.Groups["name"]);
        }
        else if (CSharpDefinitions.MemberPattern().Match(line) is { Success: true } member && CSharpDefinitions.IsMember(member))
        {
            var name = member.Groups["name"];
            var dot = name.Value.LastIndexOf('.');
            found.Add((name.Index + dot + 1, name.Value[(dot + 1)..].TrimStart('@')));
        }
        else if (CSharpConstructorPattern().Match(line) is { Success: true } ctor)
        {
            Add(found, ctor.Groups["name"]);
        }

        AddParameters(found, line, FirstParameterList(found, line), ParameterStyle.TypeThenName);
        AddAll(found, CSharpLocalPattern().Matches(line));
        AddLambdas(found, line, LambdaPattern().Matches(line), ParameterStyle.TypeThenName);
        return found;
    }

    private static IEnumerable<(int, string)> Java(string line)
    {
        var found = new List<(int, string)>();
        if (JavaDefinitions.TypePattern().Match(line) is { Success: true } type)
        {
            Add(found, type.Groups["name"]);
        }
        else if (JavaDefinitions.MemberPattern().Match(line) is { Success: true } member && JavaDefinitions.IsMember(member))
        {
            Add(found, member.Groups["name"]);
        }
        else if (JavaConstructorPattern().Match(line) is { Success: true } ctor)
        {
            Add(found, ctor.Groups["name"]);
        }

        AddParameters(found, line, FirstParameterList(found, line), ParameterStyle.TypeThenName);
        AddAll(found, JavaLocalPattern().Matches(line));
        AddLambdas(found, line, JavaLambdaPattern().Matches(line), ParameterStyle.TypeThenName);
        return found;
    }

    private static IEnumerable<(int, string)> Go(string line)
    {
        var found = new List<(int, string)>();
        if (GoDefinitions.MethodPattern().Match(line) is { Success: true } method)
        {
            // The name first, so that the parameter list found after it is the method's, not the receiver's.
            Add(found, method.Groups["name"]);
            AddParameters(found, line, line.IndexOf('(', StringComparison.Ordinal), ParameterStyle.NameThenType);
        }
        else if (GoDefinitions.FunctionPattern().Match(line) is { Success: true } function)
        {
            Add(found, function.Groups["name"]);
        }
        else if (GoDefinitions.DeclarationPattern().Match(line) is { Success: true } declaration)
        {
            Add(found, declaration.Groups["name"]);
        }

        AddParameters(found, line, FirstParameterList(found, line), ParameterStyle.NameThenType);
        foreach (Match assignment in GoShortDeclarationPattern().Matches(line))
        {
            AddNames(found, assignment.Groups["names"]);
        }

        return found;
    }

    private static IEnumerable<(int, string)> Python(string line)
    {
        var found = new List<(int, string)>();
        if (PythonDefinitions.DefinitionPattern().Match(line) is { Success: true } definition)
        {
            Add(found, definition.Groups["name"]);
            if (definition.Groups["keyword"].Value == "def")
            {
                AddParameters(found, line, FirstParameterList(found, line), ParameterStyle.NameThenType);
            }
        }
        else if (PythonAssignmentPattern().Match(line) is { Success: true } assignment)
        {
            AddNames(found, assignment.Groups["names"]);
        }

        foreach (Match binding in PythonBindingPattern().Matches(line))
        {
            AddNames(found, binding.Groups["names"]);
        }

        foreach (Match lambda in PythonLambdaPattern().Matches(line))
        {
            AddParameterText(found, lambda.Groups["parameters"], ParameterStyle.NameThenType);
        }

        return found;
    }

    /// <summary>
    /// Rust: the item a line declares (<c>fn</c>, <c>struct</c>, <c>enum</c>, <c>trait</c>, <c>type</c>, <c>const</c>,
    /// <c>static</c>, <c>macro_rules!</c>), a function's parameters, and <c>let</c>, <c>for</c> and closure bindings.
    /// <c>impl X for Y</c> defines neither X nor Y.
    /// </summary>
    private static IEnumerable<(int, string)> Rust(string line)
    {
        var found = new List<(int, string)>();
        if (RustDefinitions.FunctionPattern().Match(line) is { Success: true } function)
        {
            Add(found, function.Groups["name"]);
            var open = line.IndexOf('(', function.Index + function.Length);
            if (open >= 0)
            {
                var close = line.IndexOf(')', open);
                AddAll(found, RustParameterPattern().Matches(line[..(close < 0 ? line.Length : close)], open));
            }
        }
        else if (RustDefinitions.ItemPattern().Match(line) is { Success: true } item)
        {
            Add(found, item.Groups["name"]);
        }
        else if (RustDefinitions.MacroPattern().Match(line) is { Success: true } macro)
        {
            Add(found, macro.Groups["name"]);
        }

        AddAll(found, RustBindingPattern().Matches(line));
        return found;
    }

    private static IEnumerable<(int, string)> Script(string line)
    {
        var found = new List<(int, string)>();
        if (ScriptDefinitions.ClassPattern().Match(line) is { Success: true } type)
        {
            Add(found, type.Groups["name"]);
        }
        else if (ScriptDefinitions.TypeScriptTypePattern().Match(line) is { Success: true } tsType)
        {
            Add(found, tsType.Groups["name"]);
        }
        else if (ScriptMethodPattern().Match(line) is { Success: true } method && !ControlWords.Contains(method.Groups["name"].Value))
        {
            Add(found, method.Groups["name"]);
            AddParameterText(found, method.Groups["parameters"], ParameterStyle.NameThenType);
        }

        foreach (Match function in ScriptFunctionPattern().Matches(line))
        {
            Add(found, function.Groups["name"]);
            AddParameterText(found, function.Groups["parameters"], ParameterStyle.NameThenType);
        }

        foreach (Match variable in ScriptVariablePattern().Matches(line))
        {
            if (variable.Groups["name"].Success)
            {
                Add(found, variable.Groups["name"]);
            }
            else
            {
                AddParameterText(found, variable.Groups["pattern"], ParameterStyle.NameThenType);
            }
        }

        AddLambdas(found, line, LambdaPattern().Matches(line), ParameterStyle.NameThenType);
        AddAll(found, ScriptCatchPattern().Matches(line));
        return found;
    }

    private static void AddLambdas(List<(int, string)> found, string line, MatchCollection lambdas, ParameterStyle style)
    {
        foreach (Match lambda in lambdas)
        {
            if (lambda.Groups["name"].Success)
            {
                Add(found, lambda.Groups["name"]);
            }
            else
            {
                AddParameterText(found, line, lambda.Groups["parameters"].Index, lambda.Groups["parameters"].Index + lambda.Groups["parameters"].Length, style);
            }
        }
    }

    private static void Add(List<(int, string)> found, Group name) => found.Add((name.Index, name.Value.TrimStart('@')));

    private static void AddAll(List<(int, string)> found, MatchCollection matches)
    {
        foreach (Match match in matches)
        {
            if (match.Groups["name"].Success)
            {
                Add(found, match.Groups["name"]);
            }
            else
            {
                AddNames(found, match.Groups["names"]);
            }
        }
    }

    /// <summary>Every identifier of a comma-separated list such as <c>a, (b, c)</c>.</summary>
    private static void AddNames(List<(int, string)> found, Group names)
    {
        foreach (Match word in IdentifierPattern().Matches(names.Value))
        {
            found.Add((names.Index + word.Index, word.Value));
        }
    }
}
