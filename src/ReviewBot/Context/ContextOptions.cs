namespace ReviewBot.Context;

/// <summary>Bound from the <c>Context</c> section.</summary>
public sealed class ContextOptions
{
    public const string Section = "Context";

    /// <summary>The universal-ctags executable; empty means <c>ctags</c> on the PATH. Without it a simpler extractor is used.</summary>
    public string? CtagsPath { get; set; }
}
