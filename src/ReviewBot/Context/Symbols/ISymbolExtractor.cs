namespace ReviewBot.Context.Symbols;

/// <summary>Finds the definitions in source files given as text.</summary>
public interface ISymbolExtractor
{
    /// <summary><c>universal-ctags</c> or <c>fallback</c>.</summary>
    string Name { get; }

    bool IsFallback { get; }

    /// <summary>
    /// The definitions in <paramref name="files"/>, file by file in the order given and by start line within a file,
    /// with <see cref="SymbolDefinition.Path"/> exactly as given. Files of an unknown language contribute nothing.
    /// </summary>
    Task<IReadOnlyList<SymbolDefinition>> ExtractAsync(IReadOnlyList<SourceFile> files, CancellationToken cancellationToken);
}
