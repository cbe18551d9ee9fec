namespace ReviewBot.Context.Symbols.Ctags;

/// <summary>Maps ctags' per-language kind names onto <see cref="SymbolKinds"/>.</summary>
internal static class CtagsKinds
{
    /// <summary>The normalised kind, or null for tags that are not definitions (imports, receivers, parameters, references).</summary>
    public static string? Normalise(SourceLanguage language, string kind, string? scopeKind) => (language, kind) switch
    {
        (_, "packageName" or "unknown" or "receiver" or "parameter" or "local" or "label" or "module" or "anonMember") => null,
        (SourceLanguage.Python, "member") => SymbolKinds.Method,
        (SourceLanguage.Python, "namespace") => null,
        // Go methods are `func` tags scoped to their receiver's type rather than to the package.
        (SourceLanguage.Go, "func") => scopeKind is null or "package" ? SymbolKinds.Function : SymbolKinds.Method,
        (SourceLanguage.Go, "member") => SymbolKinds.Field,
        // Rust: an `impl` block names a type defined elsewhere; `variable` is a module-level `static`; a `macro_rules!`
        // macro is called like a function (`name!(...)`), not a C constant.
        (SourceLanguage.Rust, "implementation") => null,
        (SourceLanguage.Rust, "variable") => SymbolKinds.Constant,
        (SourceLanguage.Rust, "macro") => SymbolKinds.Function,
        (_, "class") => SymbolKinds.Class,
        (_, "interface" or "annotation") => SymbolKinds.Interface,
        (_, "struct") => SymbolKinds.Struct,
        (_, "enum") => SymbolKinds.Enum,
        (_, "record") => SymbolKinds.Record,
        (_, "function" or "func" or "generator" or "subroutine") => SymbolKinds.Function,
        (_, "method" or "constructor" or "getter" or "setter" or "methodSpec") => SymbolKinds.Method,
        (_, "property") => SymbolKinds.Property,
        (_, "field" or "member" or "event") => SymbolKinds.Field,
        (_, "constant" or "const" or "enumerator" or "enumConstant" or "macro") => SymbolKinds.Constant,
        (_, "variable" or "var") => SymbolKinds.Variable,
        (_, "alias" or "talias" or "typedef" or "type") => SymbolKinds.Type,
        (_, "namespace" or "package") => SymbolKinds.Namespace,
        _ => SymbolKinds.Other,
    };

    /// <summary>Whether a ctags scope kind is a function body, whose non-function tags are locals.</summary>
    public static bool IsCallableScope(string? scopeKind) =>
        scopeKind is "function" or "func" or "method" or "member" or "generator" or "getter" or "setter" or "constructor";

    /// <summary>
    /// Go scopes start with the package (<c>server.Server</c>); the other extractor and the other languages name only
    /// enclosing types and functions, so the package goes.
    /// </summary>
    public static string? Scope(SourceLanguage language, string? scope, string? scopeKind)
    {
        if (language != SourceLanguage.Go || scope is null)
        {
            return scope;
        }

        if (scopeKind == "package")
        {
            return null;
        }

        var dot = scope.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? scope : scope[(dot + 1)..];
    }
}
