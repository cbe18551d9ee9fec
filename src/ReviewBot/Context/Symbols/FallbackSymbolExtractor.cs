using ReviewBot.Context.Symbols.Fallback;
using ReviewBot.Context.Symbols.Parsing;

namespace ReviewBot.Context.Symbols;

/// <summary>
/// Finds definitions without external tools: a per-language set of regexes over each line with strings and comments
/// blanked, ends found by matching braces (or, in Python, by indentation). It finds the common forms; each parser
/// (<c>Fallback/*Definitions.cs</c>) lists what it does not.
/// </summary>
public sealed class FallbackSymbolExtractor : ISymbolExtractor
{
    public string Name => "fallback";

    public bool IsFallback => true;

    public Task<IReadOnlyList<SymbolDefinition>> ExtractAsync(IReadOnlyList<SourceFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var definitions = new List<SymbolDefinition>();
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            definitions.AddRange(Extract(file));
        }

        return Task.FromResult<IReadOnlyList<SymbolDefinition>>(definitions);
    }

    /// <summary>The definitions in one file, by start line.</summary>
    internal static IReadOnlyList<SymbolDefinition> Extract(SourceFile file)
    {
        var language = file.Language;
        if (language == SourceLanguage.Unknown)
        {
            return [];
        }

        var scopes = new ScopeStack(file.Path, CodeMasker.Mask(file.Text, language), language);
        switch (language)
        {
            case SourceLanguage.CSharp:
                CSharpDefinitions.Parse(scopes);
                break;
            case SourceLanguage.Java:
                JavaDefinitions.Parse(scopes);
                break;
            case SourceLanguage.Go:
                GoDefinitions.Parse(scopes);
                break;
            case SourceLanguage.Python:
                PythonDefinitions.Parse(scopes);
                break;
            case SourceLanguage.Rust:
                RustDefinitions.Parse(scopes);
                break;
            default:
                ScriptDefinitions.Parse(scopes, language);
                return Overloads.Join(scopes.Found, scopes.Source, language);
        }

        return scopes.Found;
    }
}
