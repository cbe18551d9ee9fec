using System.Text.RegularExpressions;

namespace ReviewBot.Context.Symbols.Fallback;

/// <summary>
/// Java definitions by regex over masked lines: types (records and <c>@interface</c> included), methods, constructors
/// and the fields of a type. Not found: enum constants, methods of anonymous classes written on one line with their <c>new</c>.
/// </summary>
internal static partial class JavaDefinitions
{
    private const string Annotations = @"(?:@[\w.]+(?:\([^)]*\))?\s+)*";
    private const string Modifiers = @"(?:(?:public|private|protected|static|final|abstract|synchronized|native|transient|volatile|strictfp|default|sealed|non-sealed)\s+)*";
    private const string Generic = @"<(?:[^<>]|<(?:[^<>]|<[^<>]*>)*>)*>";

    private static readonly HashSet<string> NotTypes =
    [
        "return", "new", "throw", "else", "case", "assert", "yield", "if", "for", "while", "switch", "catch", "do", "try", "finally",
        "instanceof", "package", "import", "this", "super", "public", "private", "protected", "static", "final", "abstract",
        "synchronized", "native", "transient", "volatile", "strictfp", "default", "sealed", "class", "interface", "enum", "record",
    ];

    private static readonly HashSet<string> NotNames = ["if", "for", "while", "switch", "catch", "synchronized", "return", "new", "this", "super"];

    public static void Parse(ScopeStack scopes)
    {
        foreach (var (line, text) in scopes.Lines())
        {
            var parent = scopes.At(line);
            if (scopes.InHeader(line))
            {
                continue;
            }

            if (TypePattern().Match(text) is { Success: true } type)
            {
                var kind = type.Groups["keyword"].Value is "@interface" ? SymbolKinds.Interface : type.Groups["keyword"].Value;
                scopes.Add(type.Groups["name"].Value, kind, line, type.Groups["name"].Index);
            }
            else if (MemberPattern().Match(text) is { Success: true } member && IsMember(member))
            {
                // Java has no local functions: a method inside a method body belongs to a local or anonymous class.
                var isMethod = member.Groups["follow"].Value == "(";
                if (isMethod || parent?.IsType == true)
                {
                    scopes.Add(member.Groups["name"].Value, isMethod ? SymbolKinds.Method : SymbolKinds.Field, line, member.Groups["name"].Index);
                }
            }
            else if (parent?.IsType == true && ConstructorPattern().Match(text) is { Success: true } ctor && ctor.Groups["name"].Value == parent.Name)
            {
                scopes.Add(parent.Name, SymbolKinds.Method, line, ctor.Groups["name"].Index);
            }
        }
    }

    internal static bool IsMember(Match member) =>
        !NotTypes.Contains(member.Groups["type"].Value) && !NotNames.Contains(member.Groups["name"].Value);

    [GeneratedRegex(@"^\s*" + Annotations + Modifiers + @"(?<keyword>class|interface|enum|record|@interface)\s+(?<name>[A-Za-z_$][\w$]*)")]
    internal static partial Regex TypePattern();

    [GeneratedRegex(@"^\s*" + Annotations + Modifiers + "(?:" + Generic + @"\s*" + Annotations + @")?(?<type>[A-Za-z_$][\w$.]*(?:\s*" + Generic + @")?(?:\s*\[\s*\])*)\s+(?<name>[A-Za-z_$][\w$]*)\s*(?<follow>\(|=|;|,)")]
    internal static partial Regex MemberPattern();

    [GeneratedRegex(@"^\s*" + Annotations + Modifiers + "(?:" + Generic + @"\s*)?(?<name>[A-Za-z_$][\w$]*)\s*\(")]
    internal static partial Regex ConstructorPattern();
}
