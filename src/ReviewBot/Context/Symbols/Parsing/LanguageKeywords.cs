using System.Collections.Frozen;

namespace ReviewBot.Context.Symbols.Parsing;

/// <summary>
/// Per language, the words that are never worth looking up as a definition: keywords, literals, built-in types and
/// functions, and receivers like <c>this</c> and <c>self</c>.
/// </summary>
internal static class LanguageKeywords
{
    private static readonly string[] Common = ["this", "self", "cls", "super", "base", "true", "false", "null", "None", "True", "False", "nil", "undefined"];

    private static readonly FrozenSet<string> CSharp = Set(
        "abstract", "as", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue", "decimal", "default",
        "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "finally", "fixed", "float", "for", "foreach", "goto",
        "if", "implicit", "in", "int", "interface", "internal", "is", "lock", "long", "namespace", "new", "object", "operator", "out",
        "override", "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof",
        "stackalloc", "static", "string", "struct", "switch", "throw", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while", "var", "async", "await", "dynamic", "get", "set", "init", "value", "yield",
        "nameof", "when", "where", "record", "partial", "global", "required", "file", "with", "not", "and", "or", "nint", "nuint",
        "unmanaged", "notnull", "scoped", "let", "select", "from", "orderby", "group", "by", "into", "join", "on", "equals", "add", "remove");

    private static readonly FrozenSet<string> Java = Set(
        "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue", "default", "do", "double",
        "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
        "interface", "long", "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
        "switch", "synchronized", "throw", "throws", "transient", "try", "void", "volatile", "while", "var", "record", "yield", "sealed",
        "permits", "String", "Object", "Integer", "Long", "Boolean", "Override");

    private static readonly FrozenSet<string> Go = Set(
        "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "for", "func", "go", "goto", "if",
        "import", "interface", "map", "package", "range", "return", "select", "struct", "switch", "type", "var", "bool", "byte",
        "complex64", "complex128", "error", "float32", "float64", "int", "int8", "int16", "int32", "int64", "rune", "string", "uint",
        "uint8", "uint16", "uint32", "uint64", "uintptr", "iota", "append", "cap", "close", "complex", "copy", "delete", "imag", "len",
        "make", "new", "panic", "print", "println", "real", "recover", "any", "comparable", "min", "max", "clear", "err");

    private static readonly FrozenSet<string> Python = Set(
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for",
        "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
        "with", "yield", "match", "case", "print", "len", "range", "str", "int", "float", "bool", "bytes", "list", "dict", "set", "tuple",
        "object", "type", "isinstance", "issubclass", "enumerate", "zip", "map", "filter", "open", "min", "max", "sum", "any", "all",
        "sorted", "reversed", "iter", "next", "hasattr", "getattr", "setattr", "repr", "id", "hash", "abs", "round", "format", "vars",
        "dir", "callable", "staticmethod", "classmethod", "property", "NotImplemented", "Ellipsis", "__name__", "__init__");

    private static readonly FrozenSet<string> Script = Set(
        "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "export", "extends",
        "finally", "for", "function", "if", "import", "in", "instanceof", "new", "return", "switch", "throw", "try", "typeof", "var",
        "void", "while", "with", "yield", "let", "static", "enum", "await", "implements", "package", "protected", "interface", "private",
        "public", "async", "of", "as", "from", "get", "set", "type", "declare", "readonly", "keyof", "infer", "is", "namespace", "module",
        "abstract", "override", "satisfies", "any", "unknown", "never", "number", "string", "boolean", "symbol", "bigint", "object",
        "NaN", "Infinity", "console", "require", "exports", "arguments", "constructor");

    private static readonly FrozenSet<string> Rust = Set(
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "fn", "for", "if", "impl", "in",
        "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "Self", "static", "struct", "trait", "type", "unsafe", "use",
        "where", "while", "union", "macro_rules", "bool", "char", "str", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32",
        "i64", "i128", "isize", "f32", "f64", "Some", "Ok", "Err", "Option", "Result", "Box", "Vec", "String", "println", "eprintln",
        "print", "eprint", "format", "vec", "assert", "assert_eq", "assert_ne", "debug_assert", "panic", "unreachable", "todo",
        "unimplemented", "write", "writeln", "matches", "derive", "cfg", "test", "_");

    private static readonly FrozenSet<string> Other = Set();

    public static FrozenSet<string> For(SourceLanguage language) => language switch
    {
        SourceLanguage.CSharp => CSharp,
        SourceLanguage.Java => Java,
        SourceLanguage.Go => Go,
        SourceLanguage.Python => Python,
        SourceLanguage.Rust => Rust,
        SourceLanguage.TypeScript or SourceLanguage.JavaScript => Script,
        _ => Other,
    };

    private static FrozenSet<string> Set(params string[] words) => Common.Concat(words).ToFrozenSet(StringComparer.Ordinal);
}
