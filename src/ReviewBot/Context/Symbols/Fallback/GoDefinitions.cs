using System.Text.RegularExpressions;

namespace ReviewBot.Context.Symbols.Fallback;

/// <summary>
/// Go definitions by regex over masked lines: functions, methods (scoped to their receiver type), types, struct fields,
/// interface methods, and top-level constants and variables, grouped or not. Not found: function literals.
/// </summary>
internal static partial class GoDefinitions
{
    public static void Parse(ScopeStack scopes)
    {
        (string Kind, int EndLine)? group = null;
        var skipUntil = 0;
        foreach (var (line, text) in scopes.Lines())
        {
            var parent = scopes.At(line);
            if (scopes.InHeader(line))
            {
                continue;
            }

            if (line <= skipUntil)
            {
                continue;
            }

            group = group is { } open && line < open.EndLine ? open : null;
            if (group is { } entries && parent is null)
            {
                // One entry of a `const (`, `var (` or `type (` group; the lines of its value hold no definitions.
                if (EntryPattern().Match(text) is { Success: true } entry)
                {
                    skipUntil = AddSpec(scopes, entries.Kind, entry, line);
                }

                continue;
            }

            if (FunctionPattern().Match(text) is { Success: true } function)
            {
                scopes.Add(function.Groups["name"].Value, SymbolKinds.Function, line, function.Groups["name"].Index);
            }
            else if (MethodPattern().Match(text) is { Success: true } method)
            {
                var name = method.Groups["name"];
                scopes.Add(name.Value, SymbolKinds.Method, line, name.Index, method.Groups["receiver"].Value);
            }
            else if (GroupPattern().Match(text) is { Success: true } start)
            {
                var close = scopes.Source.MatchOf(scopes.Source.LineStart(line) + start.Groups["paren"].Index);
                group = (start.Groups["keyword"].Value, close < 0 ? scopes.Source.LineCount : scopes.Source.LineOf(close));
            }
            else if (DeclarationPattern().Match(text) is { Success: true } declaration)
            {
                skipUntil = AddSpec(scopes, declaration.Groups["keyword"].Value, declaration, line);
            }
            else if (parent?.Kind == SymbolKinds.Interface && InterfaceMethodPattern().Match(text) is { Success: true } spec)
            {
                scopes.Add(spec.Groups["name"].Value, SymbolKinds.Method, line, spec.Groups["name"].Index);
            }
            else if (parent?.Kind == SymbolKinds.Struct && FieldPattern().Match(text) is { Success: true } field)
            {
                foreach (var name in field.Groups["names"].Value.Split(',', StringSplitOptions.TrimEntries))
                {
                    scopes.Add(name, SymbolKinds.Field, line, field.Groups["names"].Index);
                }
            }
        }
    }

    /// <summary>Adds a const, var or type spec and returns the last line of its value, which holds no definitions (0 for a struct or interface, whose body does).</summary>
    private static int AddSpec(ScopeStack scopes, string keyword, Match spec, int line)
    {
        var name = spec.Groups["name"];
        var kind = keyword switch
        {
            "const" => SymbolKinds.Constant,
            "var" => SymbolKinds.Variable,
            _ => spec.Groups["what"].Value switch
            {
                "struct" => SymbolKinds.Struct,
                "interface" => SymbolKinds.Interface,
                _ => SymbolKinds.Type,
            },
        };
        var definition = scopes.Add(name.Value, kind, line, name.Index);
        return kind is SymbolKinds.Struct or SymbolKinds.Interface ? 0 : definition.EndLine;
    }

    [GeneratedRegex(@"^func\s+(?<name>[A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*\(")]
    internal static partial Regex FunctionPattern();

    [GeneratedRegex(@"^func\s*\(\s*(?:[A-Za-z_]\w*\s+)?\*?\s*(?<receiver>[A-Za-z_]\w*)(?:\s*\[[^\]]*\])?\s*\)\s*(?<name>[A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*\(")]
    internal static partial Regex MethodPattern();

    [GeneratedRegex(@"^(?<keyword>const|var|type)\s*(?<paren>\()")]
    private static partial Regex GroupPattern();

    [GeneratedRegex(@"^(?<keyword>const|var|type)\s+(?<name>[A-Za-z_]\w*)(?:\s*\[[^\]]*\])?\s*(?<what>struct\b|interface\b)?")]
    internal static partial Regex DeclarationPattern();

    [GeneratedRegex(@"^\s+(?<name>[A-Za-z_]\w*)(?:\s*\[[^\]]*\])?\s*(?<what>struct\b|interface\b)?")]
    private static partial Regex EntryPattern();

    [GeneratedRegex(@"^\s+(?<name>[A-Za-z_]\w*)\s*\(")]
    private static partial Regex InterfaceMethodPattern();

    [GeneratedRegex(@"^\s+(?<names>[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s+[^\s,=]")]
    private static partial Regex FieldPattern();
}
