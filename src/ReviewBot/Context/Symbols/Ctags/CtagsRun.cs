namespace ReviewBot.Context.Symbols.Ctags;

/// <summary>The tags of each file sent to one ctags process, in the order sent, or why there are none.</summary>
internal sealed record CtagsRun(IReadOnlyList<IReadOnlyList<CtagsMessage>> Files, string? Failure)
{
    public static CtagsRun Failed(string failure) => new([], failure);
}
