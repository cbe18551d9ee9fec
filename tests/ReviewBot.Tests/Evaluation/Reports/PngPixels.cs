using System.Buffers.Binary;
using System.IO.Compression;

namespace ReviewBot.Tests.Evaluation.Reports;

/// <summary>
/// The pixels of an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium's --screenshot writes), enough to ask whether
/// a colour was drawn.
/// </summary>
internal sealed class PngPixels
{
    private readonly byte[] _rows;
    private readonly int _stride;
    private readonly int _channels;

    private PngPixels(int width, int height, int channels, byte[] rows)
    {
        Width = width;
        Height = height;
        _channels = channels;
        _stride = width * channels;
        _rows = rows;
    }

    public int Width { get; }

    public int Height { get; }

    public static PngPixels Read(byte[] png)
    {
        var (width, height, channels) = (0, 0, 0);
        using var idat = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                Assert.That((data[8], data[12]), Is.EqualTo(((byte)8, (byte)0)), "8 bits, not interlaced");
                (width, height, channels) = (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..]), data[9] == 6 ? 4 : 3);
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            at += 12 + length;
        }
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }
        return new(width, height, channels, Unfilter(inflated.ToArray(), width * channels, height, channels));
    }

    public int Count(byte r, byte g, byte b)
    {
        var count = 0;
        for (var i = 0; i < _rows.Length; i += _channels)
        {
            count += _rows[i] == r && _rows[i + 1] == g && _rows[i + 2] == b ? 1 : 0;
        }
        return count;
    }

    /// <summary>Undoes PNG's per-row filters (None, Sub, Up, Average, Paeth).</summary>
    private static byte[] Unfilter(byte[] data, int stride, int height, int bpp)
    {
        var rows = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = data[y * (stride + 1)];
            var source = data.AsSpan(y * (stride + 1) + 1, stride);
            var row = rows.AsSpan(y * stride, stride);
            var up = y == 0 ? new byte[stride] : rows.AsSpan((y - 1) * stride, stride).ToArray();
            for (var x = 0; x < stride; x++)
            {
                int a = x >= bpp ? row[x - bpp] : 0, b = up[x], c = x >= bpp ? up[x - bpp] : 0;
                row[x] = (byte)(source[x] + filter switch
                {
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => 0,
                });
            }
        }
        return rows;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
