namespace ReviewBot.Context;

/// <summary>Bound from the <c>Context</c> section.</summary>
public sealed class ContextOptions
{
    public const string Section = "Context";

    /// <summary>The universal-ctags executable; empty means <c>ctags</c> on the PATH. Without it a simpler extractor is used.</summary>
    public string? CtagsPath { get; set; }

    /// <summary>
    /// Where symbol indexes are kept; empty means inside each repository's git directory (<c>reviewbot/symbols</c>), so an
    /// evicted mirror takes its indexes with it. Indexes are named by tree id, so one folder may serve many repositories.
    /// </summary>
    public string? IndexDirectory { get; set; }

    /// <summary>How many tree indexes a folder keeps, newest used first (each is about the size of the tree's declarations).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1000)]
    public int IndexesKept { get; set; } = 4;
}
