namespace ReviewBot.Context.Symbols.Ctags;

/// <summary>
/// The tags of each file one ctags process completed, in the order sent. With a <see cref="Failure"/>, the files after
/// those are untagged: ctags stopped, crashed or said something unreadable.
/// </summary>
internal sealed record CtagsRun(IReadOnlyList<IReadOnlyList<CtagsMessage>> Files, string? Failure)
{
    public static CtagsRun Failed(string failure) => new([], failure);
}
