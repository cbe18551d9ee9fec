namespace ReviewBot.Diff;

/// <summary>
/// The change a review is about: the diff from the merge base of <see cref="Base"/> and <see cref="Head"/> to the head,
/// the way GitHub shows a pull request (<c>git diff base...head</c>).
/// </summary>
public sealed record ChangeSet(string Base, string MergeBase, string Head, IReadOnlyList<FileDiff> Files)
{
    public FileDiff? Find(string path) =>
        Files.FirstOrDefault(f => string.Equals(f.NewPath, path, StringComparison.Ordinal))
        ?? Files.FirstOrDefault(f => string.Equals(f.OldPath, path, StringComparison.Ordinal));
}
