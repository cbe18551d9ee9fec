using ReviewBot.Context.Symbols;
using ReviewBot.Workspace;

namespace ReviewBot.Context.Index;

/// <summary>
/// Writes the index of one tree: the files whose blob another tree's index already holds are copied from it, and only
/// the others are read and extracted, in batches, reading the next batch while the last ones are extracted. The binary
/// sections a lookup reads (<see cref="IndexSections"/>) are gathered on the way and written after the text.
/// </summary>
internal sealed class IndexBuilder(BlobReader blobs, ISymbolExtractor extractor) : IDisposable
{
    private const int BatchFiles = 1_000;
    private const int MaxFileChars = 1_000_000;
    private readonly IndexSections _sections = new();

    public int Files { get; private set; }

    public int Definitions { get; private set; }

    public int Extracted { get; private set; }

    public async Task WriteAsync(StreamWriter writer, string tree, IReadOnlyList<TreeEntry> entries, string? previous, CancellationToken cancellationToken)
    {
        writer.Write(IndexFile.Header(tree, extractor.Name) + "\n");
        // One blob under two paths of one language is extracted once; a path's language decides how it is read.
        var pending = entries
            .Where(e => IndexFile.CanHold(e.Path) && SourceLanguages.FromPath(e.Path) != SourceLanguage.Unknown)
            .GroupBy(e => (e.ObjectId, SourceLanguages.FromPath(e.Path)))
            .ToDictionary(g => g.Key, g => g.Select(e => e.Path).ToList());
        if (previous is not null)
        {
            Copy(writer, previous, pending, cancellationToken);
        }
        await ExtractAsync(writer, pending, cancellationToken);
        writer.Write(IndexFile.Sections + "\n");
        await writer.FlushAsync(cancellationToken);
        var numbers = _sections.WriteTo(writer.BaseStream, Files, Definitions);
        IndexFile.WriteEnd(writer.BaseStream, numbers);
        await writer.BaseStream.FlushAsync(cancellationToken);
    }

    /// <summary>Copies, record for record, what the previous index holds for the blobs still wanted, and takes them off.</summary>
    private void Copy(TextWriter writer, string previous, Dictionary<(string, SourceLanguage), List<string>> pending, CancellationToken cancellationToken)
    {
        using var reader = IndexFile.OpenReader(previous);
        List<string>? paths = null;
        IndexedFile? copied = null;
        var definitions = new List<string>();
        while (reader.ReadLine() is { } line && line != IndexFile.Sections)
        {
            if (line.StartsWith('>') || line.StartsWith('#'))
            {
                Flush(writer, paths, copied, definitions);
                paths = null;
                if (IndexFile.ParseFileLine(line) is { } file && pending.Remove((file.Blob, SourceLanguages.FromPath(file.Path)), out var wanted))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    (paths, copied) = (wanted, file);
                }
            }
            else if (paths is not null)
            {
                definitions.Add(line);
            }
        }
        Flush(writer, paths, copied, definitions);
    }

    private void Flush(TextWriter writer, List<string>? paths, IndexedFile? file, List<string> definitions)
    {
        foreach (var path in paths ?? [])
        {
            IndexFile.WriteFileLine(writer, file! with { Path = path });
            var id = _sections.AddFile(path, file!.Clause, Convert.FromBase64String(file.Words));
            foreach (var definition in definitions)
            {
                writer.Write(definition);
                writer.Write('\n');
                _sections.Add(id, definition);
            }
            Files++;
            Definitions += definitions.Count;
        }
        definitions.Clear();
    }

    private async Task ExtractAsync(TextWriter writer, Dictionary<(string Blob, SourceLanguage), List<string>> pending, CancellationToken cancellationToken)
    {
        // Batches are extracted on every core while the next is read; they are written in order as they finish.
        var running = new Queue<Task<ExtractedBatch>>();
        foreach (var batch in Batches(pending))
        {
            var read = await ReadAsync(batch, cancellationToken);
            running.Enqueue(Task.Run(() => ExtractAsync(read, cancellationToken), cancellationToken));
            if (running.Count >= Math.Max(1, Environment.ProcessorCount))
            {
                Write(writer, await running.Dequeue());
            }
        }
        while (running.Count > 0)
        {
            Write(writer, await running.Dequeue());
        }
    }

    private async Task<ExtractedBatch> ExtractAsync(List<(string Blob, List<string> Paths, SourceFile File)> read, CancellationToken cancellationToken) =>
        new(read, await extractor.ExtractAsync([.. read.Select(r => r.File)], cancellationToken),
            [.. read.Select(r => r.File.Text.Length == 0 ? [] : WordFilter.Of(r.File.Text))]);

    /// <summary>A batch read and extracted: its files, their definitions and each file's word filter (empty when unread).</summary>
    private sealed record ExtractedBatch(List<(string Blob, List<string> Paths, SourceFile File)> Read, IReadOnlyList<SymbolDefinition> Found,
        List<byte[]> Words);

    private static IEnumerable<List<(string Blob, List<string> Paths)>> Batches(Dictionary<(string Blob, SourceLanguage), List<string>> pending)
    {
        var batch = new List<(string, List<string>)>();
        foreach (var (key, paths) in pending.OrderBy(p => p.Value[0], StringComparer.Ordinal))
        {
            batch.Add((key.Blob, paths));
            if (batch.Count >= BatchFiles)
            {
                yield return batch;
                batch = [];
            }
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private async Task<List<(string Blob, List<string> Paths, SourceFile File)>> ReadAsync(List<(string Blob, List<string> Paths)> batch,
        CancellationToken cancellationToken)
    {
        var texts = await blobs.ReadObjectsAsync([.. batch.Select(b => b.Blob)], cancellationToken);
        Extracted += batch.Count;
        // A file too large to be source (generated, minified) is indexed as a file without definitions.
        return [.. batch.Select((b, i) => (b.Blob, b.Paths, new SourceFile(b.Paths[0], texts[i] is { Length: <= MaxFileChars } text ? text : "")))];
    }

    private void Write(TextWriter writer, ExtractedBatch batch)
    {
        var byPath = batch.Found.Select(AsConstant).Where(d => d.Kind is not (SymbolKinds.Variable or SymbolKinds.Other))
            .GroupBy(d => d.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        for (var i = 0; i < batch.Read.Count; i++)
        {
            var (blob, paths, file) = batch.Read[i];
            var found = byPath.GetValueOrDefault(file.Path) ?? [];
            var clause = file.Text.Length == 0 ? null : DefinitionScope.Clause(file.Path, file.Text);
            var callables = found.Where(d => d.IsCallable).ToList();
            var words = Convert.ToBase64String(batch.Words[i]);
            foreach (var path in paths)
            {
                IndexFile.WriteFileLine(writer, new IndexedFile(path, blob, clause, words));
                var id = _sections.AddFile(path, clause, batch.Words[i]);
                foreach (var definition in found)
                {
                    var isLocal = SymbolLookup.IsLocal(callables, definition);
                    IndexFile.WriteDefinition(writer, definition, isLocal);
                    _sections.Add(id, definition, isLocal);
                }
                Files++;
                Definitions += found.Count;
            }
        }
    }

    public void Dispose() => _sections.Dispose();

    /// <summary>
    /// A module-level variable named as a constant (<c>MAX_RETRIES = 3</c>) is one: Python and JavaScript have no other
    /// way to declare it. Any other variable is no declaration worth indexing.
    /// </summary>
    private static SymbolDefinition AsConstant(SymbolDefinition definition) =>
        definition.Kind == SymbolKinds.Variable && definition.Scope is null && definition.Name.Length > 1
        && definition.Name.All(c => char.IsUpper(c) || char.IsDigit(c) || c == '_') && char.IsLetter(definition.Name[0])
            ? definition with { Kind = SymbolKinds.Constant } : definition;
}
