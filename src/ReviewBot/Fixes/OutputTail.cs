using System.Text;

namespace ReviewBot.Fixes;

/// <summary>The last bytes a command wrote to stdout and stderr together, so a command that prints gigabytes costs a bounded buffer.</summary>
public sealed class OutputTail(int limit)
{
    private readonly Lock _lock = new();
    private readonly byte[] _buffer = new byte[limit];
    private long _total;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        lock (_lock)
        {
            if (bytes.Length > limit)
            {
                _total += bytes.Length - limit;
                bytes = bytes[^limit..];
            }
            foreach (var b in bytes)
            {
                _buffer[_total++ % limit] = b;
            }
        }
    }

    public async Task PumpAsync(Stream stream, CancellationToken cancellationToken)
    {
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            Append(chunk.AsSpan(0, read));
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            if (_total <= limit)
            {
                return Encoding.UTF8.GetString(_buffer, 0, (int)_total);
            }
            var start = (int)(_total % limit);
            var text = Encoding.UTF8.GetString([.. _buffer[start..], .. _buffer[..start]]);
            return $"[{_total - limit} earlier bytes of output cut]\n" + text;
        }
    }
}
