using System.Globalization;

namespace ReviewBot.Diff;

/// <summary>What the lines before a file's first hunk say, gathered line by line and turned into a <see cref="FileDiff"/>.</summary>
internal sealed class FileHeader(bool git)
{
    private string? _headerOld;
    private string? _headerNew;
    private string? _minus;
    private string? _plus;
    private string? _renameFrom;
    private string? _renameTo;
    private string? _copyFrom;
    private string? _copyTo;
    private string? _oldMode;
    private string? _newMode;
    private string? _newFileMode;
    private string? _deletedFileMode;
    private string? _indexMode;
    private int? _similarity;

    public bool IsBinary { get; private set; }

    /// <summary>The text after <c>diff --git </c>: names to fall back on when no other line gives them (binary and mode-only changes).</summary>
    public void SetGitHeader(string text)
    {
        if (GitPath.SplitHeader(text) is var (oldName, newName))
        {
            _headerOld = GitPath.StripPrefix(oldName, "a/");
            _headerNew = GitPath.StripPrefix(newName, "b/");
        }
    }

    public void SetMinus(string text) => _minus = GitPath.ReadName(text);

    public void SetPlus(string text) => _plus = GitPath.ReadName(text);

    /// <summary>Reads one extended header line; lines it does not know (<c>dissimilarity index</c>, stray text) are ignored.</summary>
    public void Apply(string line)
    {
        if (TryValue(line, "old mode ", out var value))
        {
            _oldMode = value;
        }
        else if (TryValue(line, "new mode ", out value))
        {
            _newMode = value;
        }
        else if (TryValue(line, "new file mode ", out value))
        {
            _newFileMode = value;
        }
        else if (TryValue(line, "deleted file mode ", out value))
        {
            _deletedFileMode = value;
        }
        else if (TryValue(line, "similarity index ", out value))
        {
            _similarity = int.TryParse(value.TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out var percent) ? percent : null;
        }
        else if (TryValue(line, "index ", out value))
        {
            // "index 1a2b3c4..5d6e7f8 100644": the mode is there when it did not change.
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            _indexMode = space >= 0 ? value[(space + 1)..] : _indexMode;
        }
        else if (TryName(line, "rename from ", out value) || TryName(line, "rename old ", out value))
        {
            _renameFrom = value;
        }
        else if (TryName(line, "rename to ", out value) || TryName(line, "rename new ", out value))
        {
            _renameTo = value;
        }
        else if (TryName(line, "copy from ", out value))
        {
            _copyFrom = value;
        }
        else if (TryName(line, "copy to ", out value))
        {
            _copyTo = value;
        }
        else if (line == "GIT binary patch" || (line.StartsWith("Binary files ", StringComparison.Ordinal) && line.TrimEnd('\r').EndsWith(" differ", StringComparison.Ordinal)))
        {
            IsBinary = true;
        }
    }

    /// <exception cref="FormatException">No line named the file.</exception>
    public FileDiff Build(IReadOnlyList<DiffHunk> hunks)
    {
        var kind = _copyFrom is not null || _copyTo is not null ? FileChangeKind.Copied
            : _renameFrom is not null || _renameTo is not null ? FileChangeKind.Renamed
            : _newFileMode is not null || _minus == GitPath.DevNull ? FileChangeKind.Added
            : _deletedFileMode is not null || _plus == GitPath.DevNull ? FileChangeKind.Deleted
            : FileChangeKind.Modified;

        // A plain diff's names are prefixed only when both sides look like git's a/ and b/.
        var strip = git || ((_minus is null or GitPath.DevNull || _minus.StartsWith("a/", StringComparison.Ordinal)) &&
                            (_plus is null or GitPath.DevNull || _plus.StartsWith("b/", StringComparison.Ordinal)));
        var oldPath = _renameFrom ?? _copyFrom ?? Name(_minus, strip ? "a/" : "") ?? _headerOld;
        var newPath = _renameTo ?? _copyTo ?? Name(_plus, strip ? "b/" : "") ?? _headerNew;
        if ((kind != FileChangeKind.Added && oldPath is null) || (kind != FileChangeKind.Deleted && newPath is null))
        {
            throw new FormatException("the file header names no file");
        }

        return new FileDiff(oldPath, newPath, kind, hunks,
            kind == FileChangeKind.Added ? null : _oldMode ?? _deletedFileMode ?? _indexMode,
            kind == FileChangeKind.Deleted ? null : _newMode ?? _newFileMode ?? _indexMode,
            IsBinary,
            kind is FileChangeKind.Renamed or FileChangeKind.Copied ? _similarity : null);
    }

    private static string? Name(string? name, string prefix) =>
        name is null || name == GitPath.DevNull ? null : GitPath.StripPrefix(name, prefix);

    private static bool TryValue(string line, string key, out string value)
    {
        value = line.StartsWith(key, StringComparison.Ordinal) ? line[key.Length..].TrimEnd('\r') : "";
        return value.Length > 0;
    }

    private static bool TryName(string line, string key, out string value)
    {
        value = line.StartsWith(key, StringComparison.Ordinal) ? GitPath.ReadName(line[key.Length..]) : "";
        return value.Length > 0;
    }
}
