namespace ReviewBot.Diff;

/// <summary>
/// Parses unified diffs: <c>git diff</c> output (extended headers, renames, copies, modes, binary files, quoted names)
/// and GitHub's per-file <c>patch</c> strings (hunks only). Lines end at <c>\n</c> only; a <c>\r</c> stays in the text.
/// </summary>
/// <remarks>A hunk whose lines do not match its header throws <see cref="FormatException"/> naming the diff line.</remarks>
public static class DiffParser
{
    /// <summary>
    /// The files of a diff, read lazily: each file is parsed when the enumeration reaches it, so a huge diff streamed
    /// from <c>git diff</c> is never held whole. The reader is not disposed.
    /// </summary>
    public static IEnumerable<FileDiff> Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadFiles(reader);
    }

    public static IReadOnlyList<FileDiff> Parse(string diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        using var reader = new StringReader(diff);
        return [.. ReadFiles(reader)];
    }

    /// <summary>
    /// One file of the pull request files API: <paramref name="patch"/> holds only hunks, and is null for binary files and
    /// diffs too large for GitHub (then the result has no hunks). The kind is <see cref="FileChangeKind.Modified"/>, with
    /// <paramref name="path"/> on both sides: the API's <c>status</c> and <c>previous_filename</c> say more.
    /// </summary>
    public static FileDiff ParsePatch(string path, string? patch)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (patch is null)
        {
            return new FileDiff(path, path, FileChangeKind.Modified, []);
        }

        using var reader = new StringReader(patch);
        return new DiffFileReader(new DiffLineReader(reader)).ReadPatch(path);
    }

    private static IEnumerable<FileDiff> ReadFiles(TextReader reader)
    {
        var files = new DiffFileReader(new DiffLineReader(reader));
        while (files.Next() is { } file)
        {
            yield return file;
        }
    }
}
