namespace ReviewBot.Context.Symbols;

/// <summary>Maps file names to <see cref="SourceLanguage"/> by extension.</summary>
public static class SourceLanguages
{
    /// <summary>The language of a file from its extension (case-insensitive); <see cref="SourceLanguage.Unknown"/> for anything else.</summary>
    public static SourceLanguage FromPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".cs" => SourceLanguage.CSharp,
            ".py" => SourceLanguage.Python,
            ".ts" or ".tsx" or ".mts" or ".cts" => SourceLanguage.TypeScript,
            ".js" or ".jsx" or ".mjs" or ".cjs" => SourceLanguage.JavaScript,
            ".go" => SourceLanguage.Go,
            ".java" => SourceLanguage.Java,
            ".rs" => SourceLanguage.Rust,
            _ => SourceLanguage.Unknown,
        };
    }

    /// <summary>TypeScript and JavaScript share one grammar as far as definitions go.</summary>
    internal static bool IsScript(this SourceLanguage language) =>
        language is SourceLanguage.TypeScript or SourceLanguage.JavaScript;

    /// <summary>Languages with C-style <c>//</c> and <c>/* */</c> comments and braces around bodies.</summary>
    internal static bool IsBraced(this SourceLanguage language) =>
        language is SourceLanguage.CSharp or SourceLanguage.Java or SourceLanguage.Go or SourceLanguage.TypeScript or SourceLanguage.JavaScript
            or SourceLanguage.Rust;
}
