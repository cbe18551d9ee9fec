using System.Text.RegularExpressions;
using ReviewBot.Context.Symbols.Parsing;

namespace ReviewBot.Context.Symbols.Fallback;

/// <summary>
/// C# definitions by regex over masked lines: namespaces, types (records included), methods, constructors, local
/// functions, and the properties and fields of a type. Not found: operators, indexers, delegates, finalizers, enum members.
/// </summary>
internal static partial class CSharpDefinitions
{
    private const string Attributes = @"(?:\[[^\]]*\]\s*)*";
    private const string Modifiers = @"(?:(?:public|private|protected|internal|static|sealed|abstract|virtual|override|readonly|unsafe|new|partial|async|extern|file|required|volatile|const|ref|event|fixed)\s+)*";

    // A tuple, or a (qualified, generic) name; then nullable and array suffixes.
    private const string Generic = @"<(?:[^<>]|<(?:[^<>]|<(?:[^<>]|<[^<>]*>)*>)*>)*>";
    private const string TypeName = @"(?:\((?:[^()]|\([^()]*\))*\)|[A-Za-z_][\w.]*(?:::[\w.]+)?(?:\s*" + Generic + @")?)(?:\s*\?)?(?:\s*\[[,\s]*\])*\??";

    // Words that start statements inside bodies: `return Foo(x)` or `await Bar(y)` is a call, not a method named Foo or Bar.
    private static readonly HashSet<string> NotTypes =
    [
        "return", "await", "new", "throw", "else", "yield", "case", "goto", "using", "lock", "in", "is", "as", "out", "if", "while",
        "for", "foreach", "switch", "catch", "do", "try", "finally", "typeof", "sizeof", "nameof", "default", "checked", "unchecked",
        "when", "var", "operator", "implicit", "explicit", "delegate", "public", "private", "protected", "internal", "static",
        "sealed", "abstract", "virtual", "override", "readonly", "unsafe", "partial", "async", "extern", "file", "required",
        "volatile", "const", "ref", "event", "fixed", "namespace", "class", "struct", "interface", "enum", "record", "not", "and", "or",
    ];

    private static readonly HashSet<string> NotNames =
    [
        "if", "for", "foreach", "while", "switch", "catch", "using", "lock", "return", "new", "nameof", "typeof", "sizeof", "default",
        "when", "fixed", "checked", "unchecked", "base", "this", "operator", "is", "as", "and", "or", "not", "with", "in", "out",
    ];

    public static void Parse(ScopeStack scopes)
    {
        foreach (var (line, text) in scopes.Lines())
        {
            var parent = scopes.At(line);
            if (scopes.InHeader(line))
            {
                continue;
            }

            if (parent?.Kind == SymbolKinds.Enum)
            {
                continue;
            }

            if (NamespacePattern().Match(text) is { Success: true } ns)
            {
                var fileScoped = ns.Groups["semicolon"].Success;
                var name = ns.Groups["name"];
                _ = fileScoped
                    ? scopes.AddWithEnd(name.Value, SymbolKinds.Namespace, line, scopes.Source.LineCount)
                    : scopes.Add(name.Value, SymbolKinds.Namespace, line, name.Index);
            }
            else if (TypePattern().Match(text) is { Success: true } type)
            {
                scopes.Add(type.Groups["name"].Value.TrimStart('@'), type.Groups["keyword"].Value, line, type.Groups["name"].Index);
            }
            else if (MemberPattern().Match(text) is { Success: true } member && IsMember(member))
            {
                AddMember(scopes, parent, member, line);
            }
            else if (parent?.IsType == true && ConstructorPattern().Match(text) is { Success: true } ctor && ctor.Groups["name"].Value == parent.Name)
            {
                scopes.Add(parent.Name, SymbolKinds.Method, line, ctor.Groups["name"].Index);
            }
        }
    }

    internal static bool IsMember(Match member) =>
        !NotTypes.Contains(member.Groups["type"].Value) && !NotNames.Contains(member.Groups["name"].Value);

    private static void AddMember(ScopeStack scopes, SymbolDefinition? parent, Match member, int line)
    {
        var nameGroup = member.Groups["name"];
        // An explicit interface implementation (`void IDisposable.Dispose()`) is named after its last part.
        var name = nameGroup.Value[(nameGroup.Value.LastIndexOf('.') + 1)..].TrimStart('@');
        var column = nameGroup.Index + nameGroup.Value.Length - name.Length;
        var follow = member.Groups["follow"].Value;
        if (follow == "(")
        {
            // Outside a type body (in a method, or among top-level statements) this is a local function.
            scopes.Add(name, parent?.IsType == true ? SymbolKinds.Method : SymbolKinds.Function, line, column);
        }
        else if (parent?.IsType == true)
        {
            var kind = follow is "{" or "=>" ? SymbolKinds.Property
                : member.Groups["modifiers"].Value.Contains("const", StringComparison.Ordinal) ? SymbolKinds.Constant
                : SymbolKinds.Field;
            scopes.Add(name, kind, line, column);
        }
    }

    [GeneratedRegex(@"^\s*namespace\s+(?<name>[A-Za-z_][\w.]*)\s*(?<semicolon>;)?")]
    private static partial Regex NamespacePattern();

    [GeneratedRegex(@"^\s*" + Attributes + Modifiers + @"(?<keyword>class|interface|struct|enum|record)(?:\s+(?:class|struct))?\s+(?<name>@?[A-Za-z_]\w*)")]
    internal static partial Regex TypePattern();

    [GeneratedRegex(@"^\s*" + Attributes + "(?<modifiers>" + Modifiers + ")(?<type>" + TypeName + @")\s+(?<name>(?:[A-Za-z_]\w*(?:" + Generic + @")?\.)*@?[A-Za-z_]\w*)\s*(?:" + Generic + @")?\s*(?<follow>\(|\{|=>|=|;|,)")]
    internal static partial Regex MemberPattern();

    [GeneratedRegex(@"^\s*" + Attributes + Modifiers + @"(?<name>[A-Za-z_]\w*)\s*\(")]
    internal static partial Regex ConstructorPattern();
}
