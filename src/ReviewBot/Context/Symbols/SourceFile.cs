namespace ReviewBot.Context.Symbols;

/// <summary>A file's repository-relative path and its content, read from a git blob rather than from disk.</summary>
public sealed record SourceFile(string Path, string Text)
{
    public SourceLanguage Language => SourceLanguages.FromPath(Path);
}
