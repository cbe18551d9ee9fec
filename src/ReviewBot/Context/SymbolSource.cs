using ReviewBot.Context.Symbols;

namespace ReviewBot.Context;

/// <summary>Probes for universal-ctags once per process and hands out the extractor to use (ctags, else the fallback).</summary>
public sealed class SymbolSource
{
    private readonly Lazy<Task<ISymbolExtractor>> _extractor;

    public SymbolSource(IOptions<ContextOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = string.IsNullOrWhiteSpace(options.Value.CtagsPath) ? null : options.Value.CtagsPath;
        _extractor = new(() => SymbolExtractors.CreateAsync(path, CancellationToken.None));
    }

    public Task<ISymbolExtractor> GetAsync(CancellationToken cancellationToken) => _extractor.Value.WaitAsync(cancellationToken);
}
