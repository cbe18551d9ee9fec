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
    public static IEnumerable<(int Index, string Name)> Find(string line, SourceLanguage language) => language switch
    {
        SourceLanguage.CSharp => CSharp(line),
        SourceLanguage.Java => Java(line),
        SourceLanguage.Go => Go(line),
        SourceLanguage.Python => Python(line),
        SourceLanguage.TypeScript or SourceLanguage.JavaScript => Script(line),
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

    private static readonly HashSet<string> ControlWords = ["if", "for", "while", "switch", "catch", "return", "function", "with", "super"];

    private enum ParameterStyle
    {
        /// <summary>C#, Java: <c>int count</c>, the name is the last word.</summary>
        TypeThenName,

        /// <summary>Go, Python, TypeScript: <c>count int</c>, <c>count: int</c>, the name is the first word.</summary>
        NameThenType,
    }

    /// <summary>The offset of the parameter list after the first name found, or -1.</summary>
    private static int FirstParameterList(List<(int Index, string Name)> found, string line)
    {
        if (found.Count == 0)
        {
            return -1;
        }

        var (index, name) = found[0];
        var after = index + name.Length;
        while (after < line.Length && line[after] is ' ' or '\t')
        {
            after++;
        }

        if (after < line.Length && line[after] is '<' or '[')
        {
            // Type parameters: Max<T>(, Map[T any](
            var (open, close) = line[after] == '<' ? ('<', '>') : ('[', ']');
            var depth = 0;
            do
            {
                depth += line[after] == open ? 1 : line[after] == close ? -1 : 0;
                after++;
            }
            while (after < line.Length && depth > 0);

            while (after < line.Length && line[after] is ' ' or '\t')
            {
                after++;
            }
        }

        return after < line.Length && line[after] == '(' ? after : -1;
    }

    private static void AddParameters(List<(int, string)> found, string line, int open, ParameterStyle style)
    {
        if (open < 0)
        {
            return;
        }

        var depth = 0;
        var close = open;
        for (; close < line.Length; close++)
        {
            depth += line[close] is '(' or '[' or '{' or '<' ? 1 : line[close] is ')' or ']' or '}' or '>' && !(line[close] == '>' && close > 0 && line[close - 1] == '=') ? -1 : 0;
            if (depth == 0)
            {
                break;
            }
        }

        AddParameterText(found, line, open + 1, Math.Min(close, line.Length), style);
    }

    private static void AddParameterText(List<(int, string)> found, Group group, ParameterStyle style)
    {
        if (group.Success)
        {
            AddParameterText(found, group.Value, 0, group.Length, style, group.Index);
        }
    }

    /// <summary>Splits a parameter list at top-level commas and takes each parameter's name.</summary>
    private static void AddParameterText(List<(int, string)> found, string text, int start, int end, ParameterStyle style, int offset = 0)
    {
        var depth = 0;
        var segmentStart = start;
        for (var i = start; i <= end; i++)
        {
            var c = i < end ? text[i] : ',';
            if (c is '(' or '[' or '{' or '<')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}' or '>' && !(c == '>' && i > 0 && text[i - 1] == '='))
            {
                depth--;
            }
            else if (c == ',' && depth <= 0)
            {
                AddParameter(found, text, segmentStart, i, style, offset);
                segmentStart = i + 1;
            }
        }
    }

    private static void AddParameter(List<(int, string)> found, string text, int start, int end, ParameterStyle style, int offset)
    {
        // A default value is not part of the name: `count = 1`, `count: int = 1`, `int count = 1`.
        var equals = text.IndexOf('=', start, end - start);
        if (equals >= 0 && !(equals + 1 < text.Length && text[equals + 1] == '>'))
        {
            end = equals;
        }

        var segment = text[start..end];
        var trimmed = segment.TrimStart();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('['))
        {
            // A destructuring pattern: { a, b: renamed, ...rest }
            var open = start + segment.IndexOf(trimmed[0], StringComparison.Ordinal);
            var close = text.LastIndexOf(trimmed[0] == '{' ? '}' : ']', end - 1, end - open);
            foreach (Match binding in PatternBindingPattern().Matches(text[(open + 1)..(close > open ? close : end)]))
            {
                found.Add((offset + open + 1 + binding.Groups["name"].Index, binding.Groups["name"].Value));
            }

            return;
        }

        var words = IdentifierPattern().Matches(segment).Where(w => !ParameterModifiers.Contains(w.Value)).ToList();
        if (words.Count == 0)
        {
            return;
        }

        var typeStart = style == ParameterStyle.NameThenType ? segment.IndexOf(':', StringComparison.Ordinal) : -1;
        var word = style == ParameterStyle.TypeThenName ? LastOutsideBrackets(segment, words) : words[0];
        if (typeStart < 0 || word.Index < typeStart)
        {
            found.Add((offset + start + word.Index, word.Value));
        }
    }

    /// <summary>The last word not inside generic arguments or attribute brackets: <c>Dictionary&lt;string, int&gt; map</c> gives map.</summary>
    private static Match LastOutsideBrackets(string segment, List<Match> words)
    {
        for (var k = words.Count - 1; k >= 0; k--)
        {
            var before = segment[..words[k].Index];
            if (before.Count(c => c is '<' or '[' or '(') <= before.Count(c => c is '>' or ']' or ')'))
            {
                return words[k];
            }
        }

        return words[^1];
    }

    private static readonly HashSet<string> ParameterModifiers = ["this", "params", "ref", "out", "in", "final", "scoped", "readonly", "public", "private", "protected", "override"];

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

    [GeneratedRegex(@"[A-Za-z_$][\w$]*")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"(?:^\s*|[{,]\s*)(?:\.\.\.)?(?:[\w$]+\s*:\s*)?(?<name>[A-Za-z_$][\w$]*)\s*(?==|,|$)")]
    private static partial Regex PatternBindingPattern();

    [GeneratedRegex(@"^\s*(?:\[[^\]]*\]\s*)*(?:(?:public|private|protected|internal|static)\s+)+(?<name>[A-Za-z_]\w*)\s*\(")]
    private static partial Regex CSharpConstructorPattern();

    [GeneratedRegex(@"\bvar\s+(?<name>[A-Za-z_]\w*)|\bvar\s*\((?<names>[^()]*)\)|\bout\s+[\w.<>\[\]?]+\s+(?<name>[A-Za-z_]\w*)|\bcatch\s*\(\s*[\w.<>]+\s+(?<name>[A-Za-z_]\w*)\s*\)|\b(?:foreach|for|using|fixed)\s*\(\s*(?!var\b)[\w.<>\[\]?]+\s+(?<name>[A-Za-z_]\w*)\s*(?:=|\bin\b)|\bis\s+(?:not\s+)?[A-Za-z_][\w.<>]*\s+(?<name>[a-z_]\w*)")]
    private static partial Regex CSharpLocalPattern();

    [GeneratedRegex(@"^\s*(?:@[\w.]+(?:\([^)]*\))?\s+)*(?:(?:public|private|protected|static|final)\s+)+(?<name>[A-Za-z_$][\w$]*)\s*\(")]
    private static partial Regex JavaConstructorPattern();

    [GeneratedRegex(@"\bvar\s+(?<name>[A-Za-z_$][\w$]*)|\bcatch\s*\(\s*(?:final\s+)?[\w.|\s]+?\s+(?<name>[A-Za-z_$][\w$]*)\s*\)|\bfor\s*\(\s*(?:final\s+)?(?!var\b)[\w.<>\[\]]+\s+(?<name>[A-Za-z_$][\w$]*)\s*[:=]|\binstanceof\s+[\w.<>]+\s+(?<name>[A-Za-z_$][\w$]*)")]
    private static partial Regex JavaLocalPattern();

    [GeneratedRegex(@"(?<![\w$])(?<name>[A-Za-z_$][\w$]*)\s*->|\((?<parameters>[^()]*)\)\s*->")]
    private static partial Regex JavaLambdaPattern();

    [GeneratedRegex(@"(?<![\w$.])(?<name>[A-Za-z_$][\w$]*)\s*=>|\((?<parameters>[^()]*)\)\s*(?::\s*[^=()]+?)?\s*=>")]
    private static partial Regex LambdaPattern();

    [GeneratedRegex(@"(?:^|[;{(]|\bfor\b|\bif\b|\bswitch\b)\s*(?<names>[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*:=")]
    private static partial Regex GoShortDeclarationPattern();

    [GeneratedRegex(@"^\s*(?<names>[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?::\s*[^=]+)?=(?!=)")]
    private static partial Regex PythonAssignmentPattern();

    [GeneratedRegex(@"\bfor\s+(?<names>[\w\s,()]+?)\s+in\b|\bas\s+(?<names>[A-Za-z_]\w*)|(?<names>[A-Za-z_]\w*)\s*:=")]
    private static partial Regex PythonBindingPattern();

    [GeneratedRegex(@"\blambda\b(?<parameters>[^:]*):")]
    private static partial Regex PythonLambdaPattern();

    [GeneratedRegex(@"^\s*(?:@[\w.]+(?:\(.*?\))?\s+)*(?:(?:public|private|protected|static|readonly|async|abstract|override|get|set)\s+)*\*?\s*(?<name>#?[\w$]+)\s*(?:<[^>]*>)?\s*\((?<parameters>[^)]*)\)\s*(?::\s*[^{=]+)?\{\s*$")]
    private static partial Regex ScriptMethodPattern();

    [GeneratedRegex(@"\bfunction\b\s*\*?\s*(?<name>[\w$]+)\s*(?:<[^>]*>)?\s*\((?<parameters>[^)]*)\)")]
    private static partial Regex ScriptFunctionPattern();

    [GeneratedRegex(@"\b(?:const|let|var)\s+(?:(?<name>[\w$]+)|(?<pattern>\{[^}]*\}|\[[^\]]*\]))")]
    private static partial Regex ScriptVariablePattern();

    [GeneratedRegex(@"\bcatch\s*\(\s*(?<name>[\w$]+)")]
    private static partial Regex ScriptCatchPattern();
}
