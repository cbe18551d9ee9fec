namespace ReviewBot.Diff;

/// <summary>
/// The change to one file: its names, kind, modes and hunks, plus a line map for placing review comments
/// (see FileDiff.LineMap.cs). Paths are repository-relative, without git's <c>a/</c> and <c>b/</c> prefixes, unquoted.
/// </summary>
public sealed partial class FileDiff
{
    /// <exception cref="ArgumentException">Hunks out of order or overlapping, or paths that do not fit the kind.</exception>
    public FileDiff(string? oldPath, string? newPath, FileChangeKind kind, IReadOnlyList<DiffHunk> hunks,
        string? oldMode = null, string? newMode = null, bool isBinary = false, int? similarity = null)
    {
        ArgumentNullException.ThrowIfNull(hunks);
        if ((oldPath is null && kind != FileChangeKind.Added) || (newPath is null && kind != FileChangeKind.Deleted))
        {
            throw new ArgumentException($"A {kind} file needs {(kind == FileChangeKind.Added ? "a new path" : kind == FileChangeKind.Deleted ? "an old path" : "both paths")}.");
        }

        OldPath = kind == FileChangeKind.Added ? null : oldPath;
        NewPath = kind == FileChangeKind.Deleted ? null : newPath;
        Path = NewPath ?? OldPath!;
        Kind = kind;
        OldMode = oldMode;
        NewMode = newMode;
        IsBinary = isBinary;
        Similarity = similarity;
        Hunks = hunks;
        _added = IndexAddedLines(hunks, out _addedRanges, out var removed);
        RemovedCount = removed;
    }

    /// <summary>The name before the change; null for added files.</summary>
    public string? OldPath { get; }

    /// <summary>The name after the change; null for deleted files.</summary>
    public string? NewPath { get; }

    /// <summary><see cref="NewPath"/>, or <see cref="OldPath"/> for a deleted file.</summary>
    public string Path { get; }

    public FileChangeKind Kind { get; }

    /// <summary>
    /// Git's octal mode before the change (<c>100644</c>, <c>100755</c>, <c>120000</c> symlink, <c>160000</c> submodule), from
    /// <c>old mode</c>, <c>deleted file mode</c> or the mode on the <c>index</c> line; null when the diff does not say (and for added files).
    /// </summary>
    public string? OldMode { get; }

    /// <summary>The mode after the change, from <c>new mode</c>, <c>new file mode</c> or the <c>index</c> line; null when unknown or deleted.</summary>
    public string? NewMode { get; }

    /// <summary>Git found the content binary (<c>Binary files … differ</c> or <c>GIT binary patch</c>); there are no hunks.</summary>
    public bool IsBinary { get; }

    /// <summary>The <c>similarity index</c> of a rename or copy, in percent.</summary>
    public int? Similarity { get; }

    public IReadOnlyList<DiffHunk> Hunks { get; }

    public int AddedCount => _added.Length;

    public int RemovedCount { get; }

    /// <summary>New-side numbers of the added lines, in ascending order.</summary>
    public IEnumerable<int> AddedLines => _added.AsReadOnly();

    public override string ToString() =>
        $"{Kind} {(OldPath is not null && OldPath != NewPath ? OldPath + " -> " : "")}{Path} +{AddedCount} -{RemovedCount}";
}
