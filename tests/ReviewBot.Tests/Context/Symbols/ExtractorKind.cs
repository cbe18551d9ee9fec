namespace ReviewBot.Tests.Context.Symbols;

/// <summary>Which extractor a parameterised fixture runs against.</summary>
public enum ExtractorKind
{
    Ctags,
    Fallback,
}
