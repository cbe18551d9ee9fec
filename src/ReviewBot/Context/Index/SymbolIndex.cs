namespace ReviewBot.Context.Index;

/// <summary>How an index was had: read from disk, updated from another tree's index, or built from nothing.</summary>
public enum IndexOrigin
{
    Cached,
    Updated,
    Built,
}

/// <summary>
/// The definitions of one tree, on disk, looked up by name. Each lookup reads the file as a stream and keeps only the
/// names asked for, so memory follows the question, not the repository; answers are kept for the next lookup.
/// </summary>
public sealed class SymbolIndex : IDisposable
{
    private readonly Dictionary<string, List<IndexedSymbol>> _found = new(StringComparer.Ordinal);
    private List<(string Path, byte[] Words)>? _files;
    private readonly bool _temporary;

    internal SymbolIndex(string path, IndexOrigin origin, int filesExtracted, bool temporary)
    {
        FilePath = path;
        Origin = origin;
        FilesExtracted = filesExtracted;
        _temporary = temporary;
    }

    public string FilePath { get; }

    public IndexOrigin Origin { get; }

    /// <summary>Files whose definitions were extracted to have this index (0 when it was cached).</summary>
    public int FilesExtracted { get; }

    /// <summary>The definitions of each name (an empty list for a name the tree does not define).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IndexedSymbol>> Find(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var asked = names.Distinct(StringComparer.Ordinal).ToList();
        var missing = asked.Where(n => !_found.ContainsKey(n)).ToHashSet(StringComparer.Ordinal);
        if (missing.Count > 0)
        {
            Scan(missing, cancellationToken);
        }
        return asked.ToDictionary(n => n, n => (IReadOnlyList<IndexedSymbol>)_found[n], StringComparer.Ordinal);
    }

    /// <summary>
    /// The files that may use any of <paramref name="words"/> (their word filters say maybe), by path, each with the
    /// words it may use. A file the filter rules out surely does not contain the word; of the others, about 1 in 1,000 or
    /// fewer does not (<see cref="WordFilter"/>).
    /// </summary>
    public IReadOnlyList<(string Path, IReadOnlyList<string> Words)> FilesUsing(IReadOnlyCollection<string> words, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(words);
        _files ??= ReadFiles(cancellationToken);
        var hashed = words.Select(w => (Word: w, Hash: WordFilter.Hash(w))).ToArray();
        var candidates = new List<(string, IReadOnlyList<string>)>();
        foreach (var (path, filter) in _files)
        {
            List<string>? may = null;
            foreach (var (word, hash) in hashed)
            {
                if (WordFilter.MayContain(filter, hash))
                {
                    (may ??= []).Add(word);
                }
            }
            if (may is not null)
            {
                candidates.Add((path, may));
            }
        }
        return candidates;
    }

    private List<(string Path, byte[] Words)> ReadFiles(CancellationToken cancellationToken)
    {
        var files = new List<(string Path, byte[] Words)>();
        using var reader = IndexFile.OpenReader(FilePath);
        while (reader.ReadLine() is { } line)
        {
            if (IndexFile.ParseFileLine(line) is { } file)
            {
                files.Add((file.Path, Convert.FromBase64String(file.Words)));
                if ((files.Count & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    private void Scan(HashSet<string> names, CancellationToken cancellationToken)
    {
        foreach (var name in names)
        {
            _found[name] = [];
        }
        var lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
        using var reader = IndexFile.OpenReader(FilePath);
        // A file line is parsed only when one of its definitions is asked for: most of a large tree's files are not.
        string? fileLine = null;
        IndexedFile? file = null;
        var read = 0;
        while (reader.ReadLine() is { } line)
        {
            if ((++read & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            if (line.StartsWith('>'))
            {
                (fileLine, file) = (line, null);
                continue;
            }
            if (fileLine is not null && lookup.TryGetValue(IndexFile.NameOf(line), out var name)
                && (file ??= IndexFile.ParseFileLine(fileLine)) is { } f
                && IndexFile.ParseDefinition(line, name, f.Path, f.Clause) is { } symbol)
            {
                _found[name].Add(symbol);
            }
        }
    }

    public void Dispose()
    {
        if (_temporary)
        {
            File.Delete(FilePath);
        }
    }
}
