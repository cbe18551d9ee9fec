using ReviewBot.Context.Symbols;

namespace ReviewBot.Context.Index;

/// <summary>How an index was had: read from disk, updated from another tree's index, or built from nothing.</summary>
public enum IndexOrigin
{
    Cached,
    Updated,
    Built,
}

/// <summary>
/// The definitions of one tree, on disk, looked up by name. A lookup bisects the index's sorted name directory and reads
/// only the records of the names asked for and the path records of their files (<see cref="IndexSections"/>); a word
/// search reads the files' word filters, one pass. Memory follows the question, not the repository; answers to
/// <see cref="Find(IEnumerable{string}, CancellationToken)"/> are kept for the next lookup.
/// </summary>
public sealed class SymbolIndex : IDisposable
{
    private readonly Dictionary<string, List<IndexedSymbol>> _found = new(StringComparer.Ordinal);
    private readonly Dictionary<int, (string Path, string? Clause)> _files = [];
    private readonly bool _temporary;
    private IndexReader? _reader;

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

    private IndexReader Reader => _reader ??= OpenReader();

    /// <summary>The definitions of each name (an empty list for a name the tree does not define).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IndexedSymbol>> Find(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var asked = names.Distinct(StringComparer.Ordinal).ToList();
        foreach (var name in asked.Where(n => !_found.ContainsKey(n)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            _found[name] = Read(name, null);
        }
        return asked.ToDictionary(n => n, n => (IReadOnlyList<IndexedSymbol>)_found[n], StringComparer.Ordinal);
    }

    /// <summary>
    /// The definitions of each name that <paramref name="keep"/> takes, given each and the number of files that define
    /// the name: a common name's thousands of definitions are read and let go, not held (and not kept for the next lookup).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IndexedSymbol>> Find(IEnumerable<string> names, Func<IndexedSymbol, int, bool> keep,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(keep);
        var found = new Dictionary<string, IReadOnlyList<IndexedSymbol>>(StringComparer.Ordinal);
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            found[name] = _found.TryGetValue(name, out var known) ? CountedFilter(known, keep) : Read(name, keep);
        }
        return found;
    }

    /// <summary>How many files define each name outside a function's body (locals left out), from the name's record head alone.</summary>
    public IReadOnlyDictionary<string, int> FilesDefining(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            counts[name] = Locate(name) is { } record && Head(record) is { } head ? head.NonLocalFiles : 0;
        }
        return counts;
    }

    /// <summary>
    /// The files that may use any of <paramref name="words"/> (their word filters say maybe), by path, each with the
    /// words it may use. A file the filter rules out surely does not contain the word; of the others, about 1 in 1,000 or
    /// fewer does not (<see cref="WordFilter"/>).
    /// </summary>
    public IReadOnlyList<(string Path, IReadOnlyList<string> Words)> FilesUsing(IReadOnlyCollection<string> words, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(words);
        var hashed = words.Select(w => (Word: w, Hash: WordFilter.Hash(w))).ToArray();
        var candidates = new List<(int File, List<string> Words)>();
        var (layout, buffer, at, have, records) = (Reader.Layout, new byte[1 << 20], Reader.Layout.Filters, 0, 0);
        while (true)
        {
            if (at < layout.Names && have < buffer.Length)
            {
                var read = Reader.ReadChunk(at, buffer.AsSpan(have, (int)Math.Min(buffer.Length - have, layout.Names - at)));
                (at, have) = read > 0 ? (at + read, have + read) : throw new InvalidDataException("The symbol index's filters end early.");
            }
            var fields = new IndexFields(buffer.AsSpan(0, have));
            var used = 0;
            while (fields.TryVarint(out var file) && fields.TryVarint(out var length) && fields.TryBytes((int)length, out var filter))
            {
                used = fields.Position;
                if ((++records & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
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
                    candidates.Add(((int)file, may));
                }
            }
            buffer.AsSpan(used, have - used).CopyTo(buffer);
            have -= used;
            if (at >= layout.Names)
            {
                break;
            }
            if (have == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2); // one filter larger than the buffer
            }
        }
        if (have != 0)
        {
            throw new InvalidDataException("The symbol index's filters end inside a record.");
        }
        return [.. candidates.Select(c => (FileAt(c.File).Path, (IReadOnlyList<string>)c.Words)).OrderBy(c => c.Path, StringComparer.Ordinal)];
    }

    private IndexReader OpenReader()
    {
        using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        return new IndexReader(FilePath, IndexFile.ReadLayout(stream) ?? throw new InvalidDataException($"The symbol index {FilePath} was cut short."));
    }

    /// <summary>The byte range of a name's record, found by bisecting the sorted directory; null when no file defines it.</summary>
    private (long Start, long End)? Locate(string name)
    {
        var layout = Reader.Layout;
        var (low, high) = (0L, layout.NameCount - 1);
        while (low <= high)
        {
            var middle = low + (high - low) / 2;
            var start = Reader.Int64(layout.Directory + 8 * middle);
            var end = middle + 1 < layout.NameCount ? Reader.Int64(layout.Directory + 8 * (middle + 1)) : layout.Directory;
            var order = string.CompareOrdinal(NameAt(start, end), name);
            if (order == 0)
            {
                return (start, end);
            }
            (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
        }
        return null;
    }

    private string NameAt(long start, long end)
    {
        for (var guess = 256; ; guess *= 4)
        {
            var fields = new IndexFields(Reader.Read(start, guess, end));
            if (fields.TryString(out var name))
            {
                return name;
            }
            if (start + guess >= end)
            {
                throw new InvalidDataException("A name record of the symbol index is cut short.");
            }
        }
    }

    private (int Files, int NonLocalFiles)? Head((long Start, long End) record)
    {
        var fields = new IndexFields(Reader.Read(record.Start, (int)Math.Min(1024, record.End - record.Start), record.End));
        return fields.TryString(out _) && fields.TryVarint(out var files) && fields.TryVarint(out var nonLocal) ? ((int)files, (int)nonLocal) : null;
    }

    /// <summary>A name's definitions, those <paramref name="keep"/> takes when it is given.</summary>
    private List<IndexedSymbol> Read(string name, Func<IndexedSymbol, int, bool>? keep)
    {
        if (Locate(name) is not { } record)
        {
            return [];
        }
        var bytes = Reader.Read(record.Start, checked((int)(record.End - record.Start)), record.End);
        var fields = new IndexFields(bytes);
        if (!fields.TryString(out _) || !fields.TryVarint(out var files) || !fields.TryVarint(out _) || !fields.TryVarint(out var count))
        {
            throw new InvalidDataException($"The symbol index's record of {name} is cut short.");
        }
        var symbols = new List<IndexedSymbol>();
        for (var i = 0; i < count; i++)
        {
            if (!TryDefinition(ref fields, name, out var symbol))
            {
                throw new InvalidDataException($"The symbol index's record of {name} is cut short.");
            }
            if (keep is null || keep(symbol, (int)files))
            {
                symbols.Add(symbol);
            }
        }
        return symbols;
    }

    private bool TryDefinition(ref IndexFields fields, string name, out IndexedSymbol symbol)
    {
        symbol = null!;
        if (!fields.TryVarint(out var file) || !fields.TryByte(out var code))
        {
            return false;
        }
        var kind = code < IndexFile.Kinds.Length ? IndexFile.Kinds[code] : null;
        if ((kind is null && !fields.TryString(out kind)) || !fields.TryVarint(out var start) || !fields.TryVarint(out var end) || !fields.TryOptional(out var scope) || !fields.TryByte(out var local))
        {
            return false;
        }
        var (path, clause) = FileAt((int)file);
        symbol = new IndexedSymbol(new SymbolDefinition(name, kind, path, (int)start, (int)end, scope), local == 1, clause);
        return true;
    }

    // The cached answer of the unfiltered lookup, filtered as a fresh read would be.
    private static List<IndexedSymbol> CountedFilter(List<IndexedSymbol> symbols, Func<IndexedSymbol, int, bool> keep)
    {
        var files = symbols.Select(s => s.Definition.Path).Distinct(StringComparer.Ordinal).Count();
        return [.. symbols.Where(s => keep(s, files))];
    }

    /// <summary>A file's path and clause, by the offset of its path record; read once per lookup's index.</summary>
    private (string Path, string? Clause) FileAt(int file)
    {
        if (_files.TryGetValue(file, out var known))
        {
            return known;
        }
        var (start, limit) = (Reader.Layout.Paths + file, Reader.Layout.Filters);
        for (var guess = 512; ; guess *= 4)
        {
            var fields = new IndexFields(Reader.Read(start, guess, limit));
            if (fields.TryString(out var path) && fields.TryOptional(out var clause))
            {
                return _files[file] = (path, clause);
            }
            if (start + guess >= limit)
            {
                throw new InvalidDataException("A path record of the symbol index is cut short.");
            }
        }
    }

    public void Dispose()
    {
        _reader?.Dispose();
        if (_temporary)
        {
            File.Delete(FilePath);
        }
    }
}
