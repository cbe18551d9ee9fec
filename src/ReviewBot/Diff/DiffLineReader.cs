namespace ReviewBot.Diff;

/// <summary>
/// Reads lines ended by <c>\n</c> only. <see cref="TextReader.ReadLine"/> also ends a line at a lone <c>\r</c>, which
/// would split a CRLF file's lines and lose the <c>\r</c> that is part of their content. One line of look-ahead.
/// </summary>
internal sealed class DiffLineReader(TextReader reader)
{
    private const int ChunkSize = 16 * 1024;

    private char[] _buffer = new char[ChunkSize];
    private int _start;
    private int _end;
    private bool _eof;
    private string? _peeked;

    /// <summary>1-based number of the line last returned by <see cref="Read"/>, for error messages.</summary>
    public int LineNumber { get; private set; }

    /// <summary>The next line without consuming it; null at the end.</summary>
    public string? Peek() => _peeked ??= ReadFromBuffer();

    /// <summary>The next line without its <c>\n</c>; the last line may lack one. Null at the end.</summary>
    public string? Read()
    {
        var line = _peeked ?? ReadFromBuffer();
        _peeked = null;
        if (line is not null)
        {
            LineNumber++;
        }

        return line;
    }

    private string? ReadFromBuffer()
    {
        var searched = 0;
        while (true)
        {
            var found = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf('\n');
            if (found >= 0)
            {
                var length = searched + found;
                var line = new string(_buffer, _start, length);
                _start += length + 1;
                return line;
            }

            searched = _end - _start;
            if (_eof)
            {
                if (searched == 0)
                {
                    return null;
                }

                var last = new string(_buffer, _start, searched);
                _start = _end;
                return last;
            }

            Fill();
        }
    }

    /// <summary>Moves the unread part to the front (growing the buffer for a long line) and reads one more chunk.</summary>
    private void Fill()
    {
        var pending = _end - _start;
        if (_buffer.Length - pending < ChunkSize)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, pending + ChunkSize));
        }

        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, pending);
            (_start, _end) = (0, pending);
        }

        var read = reader.Read(_buffer, _end, ChunkSize);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }
}
