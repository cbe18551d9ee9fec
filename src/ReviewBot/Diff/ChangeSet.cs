using ReviewBot.Workspace;

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

    /// <summary>Reads the merge-base diff from git; a diff git could not finish is an error, never half a change.</summary>
    public static async Task<ChangeSet> LoadAsync(GitRepository repository, string baseCommit, string headCommit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var mergeBase = await repository.MergeBaseAsync(baseCommit, headCommit, cancellationToken)
            ?? throw new WorkspaceException($"{baseCommit} and {headCommit} have no common history.");
        using var output = repository.OpenDiff(mergeBase, headCommit, cancellationToken);
        List<FileDiff> files;
        try
        {
            files = await Task.Run(() => DiffParser.Parse(output.Reader).ToList(), cancellationToken);
        }
        catch (IOException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        await output.EnsureSucceededAsync(cancellationToken);
        return new ChangeSet(baseCommit, mergeBase, headCommit, files);
    }
}
