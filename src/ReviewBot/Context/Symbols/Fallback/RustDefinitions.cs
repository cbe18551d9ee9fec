using System.Text.RegularExpressions;

namespace ReviewBot.Context.Symbols.Fallback;

/// <summary>
/// Rust definitions by regex over masked lines: functions (methods inside <c>impl</c> and <c>trait</c> blocks, scoped to
/// the type the <c>impl</c> is for), structs, enums, traits, unions, type aliases, <c>const</c> and <c>static</c> items,
/// <c>macro_rules!</c> macros, struct fields and enum variants; inline <c>mod x { }</c> blocks are scopes. An
/// <c>impl Trait for Type</c> defines neither. Not found: items made by macros, closures, locals (<c>let</c>).
/// </summary>
internal static partial class RustDefinitions
{
    // Attributes, visibility (`pub`, `pub(crate)`), and the qualifiers an item may carry before its keyword.
    private const string Prefix = @"^\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\s*\([^)]*\))?\s+)?(?:default\s+)?";
    private const string Name = @"(?<name>[A-Za-z_]\w*)";

    public static void Parse(ScopeStack scopes)
    {
        foreach (var (line, text) in scopes.Lines())
        {
            var parent = scopes.At(line);
            if (scopes.InHeader(line))
            {
                continue;
            }

            var inBody = parent?.IsCallable == true;
            if (FunctionPattern().Match(text) is { Success: true } function)
            {
                var kind = parent?.Kind is SymbolKinds.Interface or SymbolKinds.Other ? SymbolKinds.Method : SymbolKinds.Function;
                Add(scopes, function, kind, line);
            }
            else if (inBody)
            {
                // A function body holds locals (`let`, a `const` of its own): only nested functions count.
            }
            else if (ImplPattern().Match(text) is { Success: true } impl)
            {
                // Opens the scope of its methods without defining the type, which is declared elsewhere.
                scopes.Open(impl.Groups["type"].Value, SymbolKinds.Other, line, impl.Groups["type"].Index);
            }
            else if (ItemPattern().Match(text) is { Success: true } item && item.Groups["name"].Value != "_")
            {
                Add(scopes, item, ItemKind(item.Groups["keyword"].Value), line);
            }
            else if (MacroPattern().Match(text) is { Success: true } macro)
            {
                Add(scopes, macro, SymbolKinds.Function, line);
            }
            else if (ModulePattern().Match(text) is { Success: true } module)
            {
                Add(scopes, module, SymbolKinds.Namespace, line);
            }
            else if (parent?.Kind == SymbolKinds.Struct && FieldPattern().Match(text) is { Success: true } field)
            {
                Add(scopes, field, SymbolKinds.Field, line);
            }
            else if (parent?.Kind == SymbolKinds.Enum && VariantPattern().Match(text) is { Success: true } variant)
            {
                Add(scopes, variant, SymbolKinds.Constant, line);
            }
        }
    }

    private static void Add(ScopeStack scopes, Match match, string kind, int line) =>
        scopes.Add(match.Groups["name"].Value, kind, line, match.Groups["name"].Index);

    private static string ItemKind(string keyword) => keyword switch
    {
        "struct" or "union" => SymbolKinds.Struct,
        "enum" => SymbolKinds.Enum,
        "trait" => SymbolKinds.Interface,
        "type" => SymbolKinds.Type,
        _ => SymbolKinds.Constant,
    };

    [GeneratedRegex(Prefix + @"(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?(?:extern\s+(?:""[^""]*""\s+)?)?fn\s+" + Name)]
    internal static partial Regex FunctionPattern();

    [GeneratedRegex(Prefix + @"(?:(?:unsafe|auto)\s+)*(?:(?<keyword>struct|enum|union|trait|type)\s+" + Name + @"|(?<keyword>const|static)\s+(?:mut\s+)?" + Name + @"\s*:)")]
    internal static partial Regex ItemPattern();

    [GeneratedRegex(@"^\s*(?:#\[[^\]]*\]\s*)*macro_rules!\s*" + Name)]
    internal static partial Regex MacroPattern();

    [GeneratedRegex(Prefix + @"mod\s+" + Name + @"\s*\{")]
    private static partial Regex ModulePattern();

    // `impl<T> Trait<T> for Foo<T> {`, `impl Foo {`, `unsafe impl Send for Foo {`: the type after `for`, else after `impl`.
    [GeneratedRegex(@"^\s*(?:unsafe\s+)?impl\b(?:\s*<(?:[^<>]|<[^<>]*>)*>)?\s*(?:!?(?:[\w:]+)(?:<(?:[^<>]|<[^<>]*>)*>)?\s+for\s+)?(?:dyn\s+)?&?(?:[A-Za-z_]\w*::)*(?<type>[A-Za-z_]\w*)")]
    private static partial Regex ImplPattern();

    [GeneratedRegex(@"^\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\s*\([^)]*\))?\s+)?" + Name + @"\s*:(?!:)")]
    private static partial Regex FieldPattern();

    [GeneratedRegex(@"^\s*(?:#\[[^\]]*\]\s*)*(?<name>[A-Z]\w*)\s*(?:[,({=]|$)")]
    private static partial Regex VariantPattern();
}
