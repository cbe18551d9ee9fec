using System.Globalization;
using System.Text;
using ReviewBot.Context.Symbols;

namespace ReviewBot.Context.Index;

/// <summary>
/// The on-disk form of one tree's definitions. First UTF-8 text, read as a stream when the next tree's index copies it: a
/// header line, then per file a line <c>&gt;path TAB blob TAB clause TAB words</c> (words: its <see cref="WordFilter"/> in
/// base64) followed by one line per definition <c>name TAB kind TAB start TAB end TAB scope TAB flags</c>, and a line
/// <c>#sections</c>. Then the binary sections a review reads at random (<see cref="IndexSections"/>), and a last line
/// <c>#end files definitions paths filters names directory count</c> with their offsets. A file without that last line,
/// or whose length does not match it, was cut short and is not used.
/// </summary>
internal static class IndexFile
{
    /// <summary>Raise it whenever extraction finds other definitions than before: an index of another version is rebuilt.</summary>
    public const int Version = 6;

    /// <summary>The kinds the binary sections write as one byte (their index); any other is written out.</summary>
    internal static readonly string[] Kinds = [SymbolKinds.Class, SymbolKinds.Interface, SymbolKinds.Struct, SymbolKinds.Enum, SymbolKinds.Record,
        SymbolKinds.Function, SymbolKinds.Method, SymbolKinds.Property, SymbolKinds.Field, SymbolKinds.Constant, SymbolKinds.Type, SymbolKinds.Namespace];

    /// <summary>The line that ends the text records: what follows is binary.</summary>
    public const string Sections = "#sections";

    private const string Magic = "#reviewbot-symbols";
    private const string End = "#end ";
    private static readonly UTF8Encoding Utf8 = new(false);

    public static string Header(string tree, string extractor) => $"{Magic} {Version} {extractor} {tree}";

    /// <summary>The file exists, is of this version, extractor and tree, and was written to its end.</summary>
    public static bool IsComplete(string path, string tree, string extractor)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            using (var reader = new StreamReader(stream, Utf8, false, 4096, leaveOpen: true))
            {
                if (reader.ReadLine() != Header(tree, extractor))
                {
                    return false;
                }
            }
            return ReadLayout(stream) is not null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Where the sections lie, from the end line; null when the file was cut short or its end line does not fit it.</summary>
    public static IndexLayout? ReadLayout(Stream stream)
    {
        var tail = new byte[Math.Min(stream.Length, 256)];
        stream.Seek(-tail.Length, SeekOrigin.End);
        stream.ReadExactly(tail);
        var text = Utf8.GetString(tail);
        if (!text.EndsWith('\n'))
        {
            return null;
        }
        // The end line follows the binary directory directly: its marker's last occurrence (only digits come after it).
        var marker = text.LastIndexOf(End, StringComparison.Ordinal);
        if (marker < 0)
        {
            return null;
        }
        var last = text[marker..^1];
        var numbers = last[End.Length..].Split(' ');
        var parsed = new long[numbers.Length];
        if (numbers.Length != 7 || !numbers.Select((n, i) => long.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out parsed[i])).All(ok => ok))
        {
            return null;
        }
        var layout = new IndexLayout(parsed[2], parsed[3], parsed[4], parsed[5], parsed[6]);
        var ordered = layout.Paths <= layout.Filters && layout.Filters <= layout.Names && layout.Names <= layout.Directory;
        return ordered && layout.Directory + 8 * layout.NameCount + Utf8.GetByteCount(last) + 1 == stream.Length ? layout : null;
    }

    /// <summary>A path the format can hold: no tab or line break, and not starting with the file marker.</summary>
    public static bool CanHold(string path) => path.IndexOfAny(['\t', '\n', '\r']) < 0 && path.Length > 0;

    public static StreamWriter OpenWriter(string path) =>
        new(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16), Utf8, 1 << 16);

    public static StreamReader OpenReader(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16), Utf8, false, 1 << 16);

    public static void WriteFileLine(TextWriter writer, IndexedFile file) =>
        writer.Write($">{file.Path}\t{file.Blob}\t{Clean(file.Clause)}\t{file.Words}\n");

    public static void WriteDefinition(TextWriter writer, SymbolDefinition definition, bool isLocal) =>
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $"{Clean(definition.Name)}\t{definition.Kind}\t{definition.StartLine}\t{definition.EndLine}\t{Clean(definition.Scope)}\t{(isLocal ? "L" : "")}\n"));

    /// <summary>The last line, after the sections (<see cref="IndexSections.WriteTo"/> gives its numbers).</summary>
    public static void WriteEnd(Stream stream, string numbers) => stream.Write(Utf8.GetBytes($"{End}{numbers}\n"));

    /// <summary>A file line, or null for any other line.</summary>
    public static IndexedFile? ParseFileLine(string line)
    {
        if (!line.StartsWith('>'))
        {
            return null;
        }
        var parts = line[1..].Split('\t');
        return parts.Length == 4 ? new IndexedFile(parts[0], parts[1], parts[2].Length == 0 ? null : parts[2], parts[3]) : null;
    }

    /// <summary>The name a definition line is about (its text up to the first tab), or an empty span for any other line.</summary>
    public static ReadOnlySpan<char> NameOf(string line)
    {
        if (line.Length == 0 || line[0] is '>' or '#')
        {
            return [];
        }
        var tab = line.IndexOf('\t', StringComparison.Ordinal);
        return tab > 0 ? line.AsSpan(0, tab) : [];
    }

    /// <summary>A definition line of <paramref name="path"/> whose name is <paramref name="name"/> (passed in, so it is not allocated again).</summary>
    public static IndexedSymbol? ParseDefinition(string line, string name, string path, string? clause)
    {
        var rest = line.AsSpan(name.Length + 1);
        if (!Next(ref rest, out var kind) || !Next(ref rest, out var start) || !Next(ref rest, out var end) || !Next(ref rest, out var scope)
            || !int.TryParse(start, NumberStyles.None, CultureInfo.InvariantCulture, out var startLine)
            || !int.TryParse(end, NumberStyles.None, CultureInfo.InvariantCulture, out var endLine))
        {
            return null;
        }
        return new IndexedSymbol(new SymbolDefinition(name, Kind(kind), path, startLine, endLine, scope.Length == 0 ? null : scope.ToString()),
            rest is "L", clause);
    }

    private static bool Next(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> field)
    {
        var tab = rest.IndexOf('\t');
        if (tab < 0)
        {
            field = default;
            return false;
        }
        field = rest[..tab];
        rest = rest[(tab + 1)..];
        return true;
    }

    // The kinds are a handful of constants: one string each, not one per line read.
    public static string Kind(ReadOnlySpan<char> kind) => kind switch
    {
        SymbolKinds.Class => SymbolKinds.Class,
        SymbolKinds.Interface => SymbolKinds.Interface,
        SymbolKinds.Struct => SymbolKinds.Struct,
        SymbolKinds.Enum => SymbolKinds.Enum,
        SymbolKinds.Record => SymbolKinds.Record,
        SymbolKinds.Function => SymbolKinds.Function,
        SymbolKinds.Method => SymbolKinds.Method,
        SymbolKinds.Property => SymbolKinds.Property,
        SymbolKinds.Field => SymbolKinds.Field,
        SymbolKinds.Constant => SymbolKinds.Constant,
        SymbolKinds.Type => SymbolKinds.Type,
        SymbolKinds.Namespace => SymbolKinds.Namespace,
        _ => kind.ToString(),
    };

    // A name, scope or clause comes from parsed code: a tab or line break in it would break the record.
    internal static string Clean(string? text) => text is null ? "" : text.IndexOfAny(['\t', '\n', '\r']) < 0 ? text
        : text.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}

/// <summary>Where an index's binary sections start (byte offsets), and how many names its directory holds.</summary>
internal sealed record IndexLayout(long Paths, long Filters, long Names, long Directory, long NameCount);
