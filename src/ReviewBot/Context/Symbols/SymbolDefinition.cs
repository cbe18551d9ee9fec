namespace ReviewBot.Context.Symbols;

/// <summary>
/// One definition in a source file. Lines are 1-based and inclusive; <see cref="StartLine"/> is the line with the name
/// (after any decorators or attributes) and <see cref="EndLine"/> the last line of the body, or the start line for a
/// declaration without one. <see cref="Kind"/> is one of <see cref="SymbolKinds"/>; <see cref="Scope"/> is the dotted
/// chain of enclosing types and functions (<c>Outer.Inner</c>), null at the top level.
/// </summary>
public sealed record SymbolDefinition(string Name, string Kind, string Path, int StartLine, int EndLine, string? Scope)
{
    /// <summary>A function or a method (constructors included).</summary>
    public bool IsCallable => SymbolKinds.IsCallable(Kind);

    /// <summary>A class, interface, struct, enum, record or type alias.</summary>
    public bool IsType => SymbolKinds.IsType(Kind);

    public bool Contains(int line) => line >= StartLine && line <= EndLine;
}
