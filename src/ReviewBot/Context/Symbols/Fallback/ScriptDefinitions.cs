using System.Text.RegularExpressions;
using ReviewBot.Context.Symbols.Parsing;

namespace ReviewBot.Context.Symbols.Fallback;

/// <summary>
/// TypeScript and JavaScript definitions: functions, classes and their members, interfaces and their members, type
/// aliases, enums, namespaces, top-level variables, and variables holding functions at any depth. Not found: methods of
/// object literals, class expressions, anonymous default exports.
/// </summary>
internal static partial class ScriptDefinitions
{
    private const string Export = @"^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?";

    private static readonly HashSet<string> NotMembers = ["if", "for", "while", "switch", "catch", "return", "function", "super", "new", "await", "yield", "typeof", "delete", "void"];

    public static void Parse(ScopeStack scopes, SourceLanguage language)
    {
        var typeScript = language == SourceLanguage.TypeScript;
        foreach (var (line, text) in scopes.Lines())
        {
            var parent = scopes.At(line);
            if (scopes.InHeader(line))
            {
                continue;
            }

            if (FunctionPattern().Match(text) is { Success: true } function)
            {
                Add(scopes, function, SymbolKinds.Function, line);
            }
            else if (ClassPattern().Match(text) is { Success: true } type)
            {
                Add(scopes, type, SymbolKinds.Class, line);
            }
            else if (typeScript && TypeScriptTypePattern().Match(text) is { Success: true } tsType)
            {
                Add(scopes, tsType, tsType.Groups["keyword"].Value switch
                {
                    "interface" => SymbolKinds.Interface,
                    "enum" => SymbolKinds.Enum,
                    "type" => SymbolKinds.Type,
                    _ => SymbolKinds.Namespace,
                }, line);
            }
            else if (VariablePattern().Match(text) is { Success: true } variable)
            {
                AddVariable(scopes, parent, variable, line);
            }
            else if (parent?.Kind == SymbolKinds.Class && ClassMemberPattern().Match(text) is { Success: true } member
                && !NotMembers.Contains(member.Groups["name"].Value))
            {
                var isMethod = member.Groups["follow"].Value is "(" or "<" || HoldsFunction(scopes, member, line);
                Add(scopes, member, isMethod ? SymbolKinds.Method : typeScript ? SymbolKinds.Property : SymbolKinds.Field, line);
            }
            else if (typeScript && parent?.Kind == SymbolKinds.Interface && InterfaceMemberPattern().Match(text) is { Success: true } signature)
            {
                Add(scopes, signature, signature.Groups["follow"].Value == ":" ? SymbolKinds.Property : SymbolKinds.Method, line);
            }
            else if (MemberAssignmentPattern().Match(text) is { Success: true } assigned && HoldsFunction(scopes, assigned, line))
            {
                // `res.send = function (body) {`, `exports.parse = (text) => ...`, `Foo.prototype.bar = function () {`
                Add(scopes, assigned, SymbolKinds.Function, line);
            }
            else if (NamedFunctionExpressionPattern().Match(text) is { Success: true } expression)
            {
                // `app.use(function handler(req, res) {`: named, so a definition as much as a declaration is.
                Add(scopes, expression, SymbolKinds.Function, line);
            }
        }
    }

    /// <summary>
    /// Top-level variables always; nested ones only when they hold a function, since locals are not definitions others use.
    /// Inside a callback (<c>it("...", () => { const body = ... })</c>) there is no enclosing scope but brackets are open: a local.
    /// </summary>
    private static void AddVariable(ScopeStack scopes, SymbolDefinition? parent, Match variable, int line)
    {
        var topLevel = (parent is null && scopes.Source.DepthAt(line) == 0) || parent?.Kind == SymbolKinds.Namespace;
        if (HoldsFunction(scopes, variable, line))
        {
            Add(scopes, variable, SymbolKinds.Function, line);
        }
        else if (topLevel)
        {
            Add(scopes, variable, variable.Groups["keyword"].Value == "const" ? SymbolKinds.Constant : SymbolKinds.Variable, line);
        }
    }

    private static bool HoldsFunction(ScopeStack scopes, Match match, int line)
    {
        var name = match.Groups["name"];
        return FunctionValues.IsFunctionValue(scopes.Source, scopes.Source.LineStart(line) + name.Index + name.Length);
    }

    private static void Add(ScopeStack scopes, Match match, string kind, int line) =>
        scopes.Add(match.Groups["name"].Value, kind, line, match.Groups["name"].Index);

    [GeneratedRegex(Export + @"(?:async\s+)?function\b\s*\*?\s*(?<name>[\w$]+)\s*[<(]")]
    internal static partial Regex FunctionPattern();

    [GeneratedRegex(@"^\s*(?:[\w$]+\.)+(?<name>[\w$]+)\s*=[^=>]")]
    private static partial Regex MemberAssignmentPattern();

    [GeneratedRegex(@"\bfunction\b\s*\*?\s*(?<name>[\w$]+)\s*\(")]
    private static partial Regex NamedFunctionExpressionPattern();

    [GeneratedRegex(Export + @"(?:abstract\s+)?class\s+(?<name>[\w$]+)")]
    internal static partial Regex ClassPattern();

    [GeneratedRegex(Export + @"(?:(?<keyword>interface|namespace|module)\s+(?<name>[\w$.]+)\s*(?:\{|extends|<|$)|(?<keyword>type)\s+(?<name>[\w$]+)\s*(?:<.*>)?\s*(?:=|<\s*$)|(?:const\s+)?(?<keyword>enum)\s+(?<name>[\w$]+))")]
    internal static partial Regex TypeScriptTypePattern();

    [GeneratedRegex(Export + @"(?<keyword>const|let|var)\s+(?<name>[\w$]+)\s*[:=!]")]
    internal static partial Regex VariablePattern();

    [GeneratedRegex(@"^\s*(?:@[\w.]+(?:\(.*?\))?\s+)*(?:(?:public|private|protected|static|readonly|async|abstract|override|declare|accessor|get|set)\s+)*\*?\s*(?<name>#?[\w$]+)\s*[?!]?\s*(?<follow>\(|<|:|=|;|$)")]
    private static partial Regex ClassMemberPattern();

    [GeneratedRegex(@"^\s*(?:readonly\s+)?(?<name>[\w$]+)\s*\??\s*(?<follow>\(|<|:)")]
    private static partial Regex InterfaceMemberPattern();
}
