namespace ReviewBot.Context.Symbols;

/// <summary>The normalised values of <see cref="SymbolDefinition.Kind"/>, the same whichever extractor found the definition.</summary>
public static class SymbolKinds
{
    public const string Class = "class";
    public const string Interface = "interface";
    public const string Struct = "struct";
    public const string Enum = "enum";
    public const string Record = "record";
    public const string Function = "function";
    public const string Method = "method";
    public const string Property = "property";
    public const string Field = "field";
    public const string Constant = "constant";
    public const string Variable = "variable";
    public const string Type = "type";
    public const string Namespace = "namespace";
    public const string Other = "other";

    /// <summary>Functions and methods; constructors are methods.</summary>
    public static bool IsCallable(string kind) => kind is Function or Method;

    public static bool IsType(string kind) => kind is Class or Interface or Struct or Enum or Record or Type;
}
