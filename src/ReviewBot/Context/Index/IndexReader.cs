using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace ReviewBot.Context.Index;

/// <summary>
/// Random reads of an index file's binary sections (<see cref="IndexSections"/>): positional reads of 64 KB blocks, the
/// most recent few hundred kept, so a lookup touches only the blocks of the names and files it asks for.
/// </summary>
internal sealed class IndexReader : IDisposable
{
    private const int BlockSize = 1 << 16;
    private const int MaxBlocks = 256;
    private readonly SafeFileHandle _handle;
    private readonly Dictionary<long, byte[]> _blocks = [];

    public IndexReader(string path, IndexLayout layout)
    {
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        Layout = layout;
        Length = RandomAccess.GetLength(_handle);
    }

    public IndexLayout Layout { get; }

    public long Length { get; }

    /// <summary>The bytes from <paramref name="offset"/>, at most <paramref name="count"/> and never past <paramref name="limit"/>.</summary>
    public byte[] Read(long offset, int count, long limit)
    {
        var bytes = new byte[(int)Math.Max(0, Math.Min(count, limit - offset))];
        var done = 0;
        while (done < bytes.Length)
        {
            var at = offset + done;
            var block = Block(at / BlockSize);
            var from = (int)(at % BlockSize);
            var take = Math.Min(bytes.Length - done, block.Length - from);
            if (take <= 0)
            {
                throw new InvalidDataException($"The symbol index ends at {at}, inside a record.");
            }
            block.AsSpan(from, take).CopyTo(bytes.AsSpan(done));
            done += take;
        }
        return bytes;
    }

    public long Int64(long offset) => BinaryPrimitives.ReadInt64LittleEndian(Read(offset, 8, Length));

    /// <summary>Reads at <paramref name="offset"/> into the buffer, past the block cache: a sequential pass reads large chunks.</summary>
    public int ReadChunk(long offset, Span<byte> buffer) => RandomAccess.Read(_handle, buffer, offset);

    private byte[] Block(long number)
    {
        if (_blocks.TryGetValue(number, out var block))
        {
            return block;
        }
        if (_blocks.Count >= MaxBlocks)
        {
            _blocks.Clear();
        }
        var bytes = new byte[(int)Math.Min(BlockSize, Length - number * BlockSize)];
        var read = 0;
        while (read < bytes.Length)
        {
            var n = RandomAccess.Read(_handle, bytes.AsSpan(read), number * BlockSize + read);
            if (n == 0)
            {
                throw new InvalidDataException("The symbol index is shorter than its end line says.");
            }
            read += n;
        }
        return _blocks[number] = bytes;
    }

    public void Dispose() => _handle.Dispose();
}

/// <summary>The fields of one record of <see cref="IndexSections"/>, read in order.</summary>
internal ref struct IndexFields(ReadOnlySpan<byte> bytes)
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private readonly ReadOnlySpan<byte> _bytes = bytes;

    public int Position { get; private set; }

    /// <summary>False when the record goes on past the bytes at hand: read more and start again.</summary>
    public bool TryVarint(out uint value)
    {
        value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            if (Position >= _bytes.Length)
            {
                return false;
            }
            var b = _bytes[Position++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }
        throw new InvalidDataException("A number in the symbol index is too long.");
    }

    public bool TryBytes(int length, out ReadOnlySpan<byte> value)
    {
        if (Position + length > _bytes.Length)
        {
            value = default;
            return false;
        }
        value = _bytes.Slice(Position, length);
        Position += length;
        return true;
    }

    public bool TryString(out string value)
    {
        value = "";
        if (!TryVarint(out var length) || !TryBytes((int)length, out var bytes))
        {
            return false;
        }
        value = Utf8.GetString(bytes);
        return true;
    }

    /// <summary>A string written by <c>WriteOptional</c>: 0 is null, else its length plus one.</summary>
    public bool TryOptional(out string? value)
    {
        value = null;
        if (!TryVarint(out var length))
        {
            return false;
        }
        if (length == 0)
        {
            return true;
        }
        if (!TryBytes((int)length - 1, out var bytes))
        {
            return false;
        }
        value = Utf8.GetString(bytes);
        return true;
    }

    public bool TryByte(out byte value)
    {
        value = 0;
        if (Position >= _bytes.Length)
        {
            return false;
        }
        value = _bytes[Position++];
        return true;
    }
}
