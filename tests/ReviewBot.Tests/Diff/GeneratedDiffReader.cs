using System.Globalization;

namespace ReviewBot.Tests.Diff;

/// <summary>
/// A <c>git diff</c> of <paramref name="files"/> files with one hunk of <paramref name="linesPerFile"/> lines each, made
/// line by line as it is read and never held whole; <see cref="CharsRead"/> tells how far a reader got.
/// Hunk line k is context, removed or added as k % 3 is 0, 1 or 2.
/// </summary>
public sealed class GeneratedDiffReader(int files, int linesPerFile) : TextReader
{
    private string _current = "";
    private int _position;
    private int _file;
    private int _line = -1;   // -1: the file's header is next
    private bool _done;

    public long CharsRead { get; private set; }

    /// <summary>Characters in the whole diff, computed without making it.</summary>
    public long Length
    {
        get
        {
            long total = 0;
            for (var f = 0; f < files; f++)
            {
                total += Header(f).Length;
                for (var k = 0; k < linesPerFile; k++)
                {
                    total += Line(f, k).Length;
                }
            }

            return total;
        }
    }

    public static int OldCount(int lines) => lines - Count(lines, 2);

    public static int NewCount(int lines) => lines - Count(lines, 1);

    public override int Read(Span<char> buffer)
    {
        var written = 0;
        while (written < buffer.Length && Advance())
        {
            var n = Math.Min(buffer.Length - written, _current.Length - _position);
            _current.AsSpan(_position, n).CopyTo(buffer[written..]);
            (_position, written) = (_position + n, written + n);
        }

        CharsRead += written;
        return written;
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    public override int Peek() => Advance() ? _current[_position] : -1;

    private static int Count(int lines, int remainder) => (lines + 2 - remainder) / 3;

    private string Header(int f) => string.Create(CultureInfo.InvariantCulture,
        $"diff --git a/dir/file{f}.txt b/dir/file{f}.txt\nindex 1111111..2222222 100644\n--- a/dir/file{f}.txt\n+++ b/dir/file{f}.txt\n@@ -1,{OldCount(linesPerFile)} +1,{NewCount(linesPerFile)} @@ section {f}\n");

    private static string Line(int f, int k) => string.Create(CultureInfo.InvariantCulture, $"{" -+"[k % 3]}file {f} line {k} with some text to make it look like code();\n");

    /// <summary>Makes the next piece when the current one is used up; false at the end.</summary>
    private bool Advance()
    {
        while (_position == _current.Length)
        {
            if (_done || _file == files)
            {
                _done = true;
                return false;
            }

            _current = _line < 0 ? Header(_file) : Line(_file, _line);
            _position = 0;
            if (++_line == linesPerFile)
            {
                (_file, _line) = (_file + 1, -1);
            }
        }

        return true;
    }
}
