using ReviewBot.Context.Symbols;

namespace ReviewBot.Context.Index;

/// <summary>
/// A definition as the index holds it. <see cref="IsLocal"/>: it lies inside a function's body (a nested function, a
/// constant of a body), so it is what a name means only in its own file. <see cref="Clause"/>: the namespace or package
/// line of its file (<see cref="DefinitionScope.Clause"/>), all that ranking needs of a file that is not read.
/// </summary>
public sealed record IndexedSymbol(SymbolDefinition Definition, bool IsLocal, string? Clause);

/// <summary>A file of the index: its blob, its namespace or package line, and its words' filter (base64).</summary>
public sealed record IndexedFile(string Path, string Blob, string? Clause, string Words);
