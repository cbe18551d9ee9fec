namespace ReviewBot.Context.Symbols;

/// <summary>The languages whose definitions the symbol extractors find.</summary>
public enum SourceLanguage
{
    Unknown,
    CSharp,
    Python,
    TypeScript,
    JavaScript,
    Go,
    Java,
    Rust,
}
