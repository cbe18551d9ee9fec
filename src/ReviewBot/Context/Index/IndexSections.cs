using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using ReviewBot.Context.Symbols;

namespace ReviewBot.Context.Index;

/// <summary>
/// The binary sections written after an index's text records, so that a lookup reads only what it asks for:
/// <list type="bullet">
/// <item>paths: per file its path and clause (a definition names its file by the offset of this record);</item>
/// <item>filters: per file the offset of its path record and its <see cref="WordFilter"/>, read in one pass by a word search;</item>
/// <item>names: per name, sorted ordinally, how many files define it and its definitions;</item>
/// <item>directory: the offset of each name's record, 8 bytes each, searched by bisection.</item>
/// </list>
/// Numbers are unsigned LEB128 varints; strings are UTF-8 after their byte length.
/// </summary>
internal sealed class IndexSections : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private readonly MemoryStream _paths = new();
    private readonly MemoryStream _filters = new();
    private readonly Dictionary<string, List<Entry>> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    /// <summary>A definition as the name table holds it until it is written: its file is its path record's offset.</summary>
    private readonly record struct Entry(int File, string Kind, int Start, int End, string? Scope, bool IsLocal);

    /// <summary>Adds a file and its filter; the result names it in <see cref="Add(int, SymbolDefinition, bool)"/>.</summary>
    public int AddFile(string path, string? clause, byte[] filter)
    {
        var file = checked((int)_paths.Position);
        WriteString(_paths, path);
        WriteOptional(_paths, clause);
        WriteVarint(_filters, (uint)file);
        WriteVarint(_filters, (uint)filter.Length);
        _filters.Write(filter);
        return file;
    }

    /// <summary>Adds a definition as <see cref="IndexFile.WriteDefinition"/> writes it (a tab or line break in a name made a space).</summary>
    public void Add(int file, SymbolDefinition definition, bool isLocal) =>
        Add(file, IndexFile.Clean(definition.Name), definition.Kind, definition.StartLine, definition.EndLine,
            string.IsNullOrEmpty(definition.Scope) ? null : IndexFile.Clean(definition.Scope), isLocal);

    /// <summary>Adds a definition line copied from another index (<see cref="IndexFile.WriteDefinition"/>'s format).</summary>
    public void Add(int file, string line)
    {
        var name = IndexFile.NameOf(line);
        if (name.IsEmpty || IndexFile.ParseDefinition(line, name.ToString(), "", null) is not { } symbol)
        {
            return;
        }
        var d = symbol.Definition;
        Add(file, d.Name, d.Kind, d.StartLine, d.EndLine, d.Scope, symbol.IsLocal);
    }

    private void Add(int file, string name, string kind, int start, int end, string? scope, bool isLocal)
    {
        var lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(name, out var entries))
        {
            _names[Intern(name)] = entries = [];
        }
        entries.Add(new Entry(file, Intern(kind), start, end, scope is null ? null : Intern(scope), isLocal));
    }

    /// <summary>Writes the four sections at the stream's position and returns the end line that closes the index.</summary>
    public string WriteTo(Stream stream, int files, int definitions)
    {
        var pathsOffset = stream.Position;
        _paths.WriteTo(stream);
        var filtersOffset = stream.Position;
        _filters.WriteTo(stream);
        var namesOffset = stream.Position;
        var sorted = _names.Keys.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        var offsets = new long[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            offsets[i] = stream.Position;
            WriteName(stream, sorted[i], _names[sorted[i]]);
        }
        var directoryOffset = stream.Position;
        Span<byte> eight = stackalloc byte[8];
        foreach (var offset in offsets)
        {
            BinaryPrimitives.WriteInt64LittleEndian(eight, offset);
            stream.Write(eight);
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"{files} {definitions} {pathsOffset} {filtersOffset} {namesOffset} {directoryOffset} {sorted.Length}");
    }

    private static void WriteName(Stream stream, string name, List<Entry> entries)
    {
        WriteString(stream, name);
        WriteVarint(stream, (uint)DistinctFiles(entries, localsToo: true));
        WriteVarint(stream, (uint)DistinctFiles(entries, localsToo: false));
        WriteVarint(stream, (uint)entries.Count);
        foreach (var e in entries)
        {
            WriteVarint(stream, (uint)e.File);
            var code = Array.IndexOf(IndexFile.Kinds, e.Kind);
            stream.WriteByte(code < 0 ? byte.MaxValue : (byte)code);
            if (code < 0)
            {
                WriteString(stream, e.Kind);
            }
            WriteVarint(stream, (uint)Math.Max(0, e.Start));
            WriteVarint(stream, (uint)Math.Max(0, e.End));
            WriteOptional(stream, e.Scope);
            stream.WriteByte(e.IsLocal ? (byte)1 : (byte)0);
        }
    }

    // A file's definitions are added together, so its entries are adjacent: a change of file is a new one.
    private static int DistinctFiles(List<Entry> entries, bool localsToo)
    {
        var (count, last) = (0, -1);
        foreach (var e in entries)
        {
            if ((localsToo || !e.IsLocal) && e.File != last)
            {
                (count, last) = (count + 1, e.File);
            }
        }
        return count;
    }

    private string Intern(string text) => _strings.TryGetValue(text, out var known) ? known : _strings[text] = text;

    public void Dispose()
    {
        _paths.Dispose();
        _filters.Dispose();
    }

    public static void WriteVarint(Stream stream, uint value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        stream.WriteByte((byte)value);
    }

    private static void WriteString(Stream stream, string text)
    {
        var bytes = Utf8.GetBytes(text);
        WriteVarint(stream, (uint)bytes.Length);
        stream.Write(bytes);
    }

    // Null is 0; a string is its length plus one.
    private static void WriteOptional(Stream stream, string? text)
    {
        if (text is null)
        {
            stream.WriteByte(0);
            return;
        }
        var bytes = Utf8.GetBytes(text);
        WriteVarint(stream, (uint)bytes.Length + 1);
        stream.Write(bytes);
    }
}
