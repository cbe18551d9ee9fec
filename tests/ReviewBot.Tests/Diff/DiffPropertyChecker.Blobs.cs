using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ReviewBot.Tests.Diff;

/// <summary>File contents from one long-lived <c>git cat-file --batch</c> per repository, asked one path at a time.</summary>
public sealed partial class DiffPropertyChecker
{
    /// <summary>A file's lines split as the parser splits a diff: on <c>\n</c> only, a final line without <c>\n</c> included.</summary>
    internal sealed record Blob(string[] Lines, bool EndsWithNewline)
    {
        public static Blob FromBytes(byte[] bytes)
        {
            var text = Utf8.GetString(bytes);
            var endsWithNewline = text.EndsWith('\n');
            var lines = text.Length == 0 ? [] : text.Split('\n');
            return new Blob(endsWithNewline ? lines[..^1] : lines, endsWithNewline);
        }
    }

    internal sealed class BlobReader : IDisposable
    {
        private readonly Process _git;
        private readonly BufferedStream _output;
        private readonly Stream _input;

        public BlobReader(string repository)
        {
            // -z: requests end with NUL, so a path may contain a newline.
            _git = StartGit(repository, ["cat-file", "--batch", "-z"], redirectInput: true);
            _git.ErrorDataReceived += (_, _) => { };
            _git.BeginErrorReadLine();
            _output = new BufferedStream(_git.StandardOutput.BaseStream, 1 << 16);
            _input = _git.StandardInput.BaseStream;
        }

        /// <summary>The blob at <c>commit:path</c>, or null when there is none.</summary>
        public Blob? Read(string commit, string path)
        {
            _input.Write(Utf8.GetBytes($"{commit}:{path}\0"));
            _input.Flush();
            var header = ReadHeader();

            // "<oid> blob <size>" or "<object> missing" (the object name may contain spaces: read from the end).
            var parts = header.Split(' ');
            if (parts.Length < 3 || parts[^2] != "blob")
            {
                if (parts.Length >= 3 && long.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var skip))
                {
                    Skip(skip + 1);
                }

                return null;
            }

            var content = new byte[int.Parse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture)];
            _output.ReadExactly(content);
            if (_output.ReadByte() != '\n')
            {
                throw new InvalidOperationException($"git cat-file: no newline after {commit}:{path}");
            }

            return Blob.FromBytes(content);
        }

        public void Dispose()
        {
            _input.Dispose();
            if (!_git.WaitForExit(10_000))
            {
                _git.Kill();
            }

            _git.Dispose();
        }

        private string ReadHeader()
        {
            var bytes = new List<byte>(64);
            for (var b = _output.ReadByte(); b != '\n'; b = _output.ReadByte())
            {
                if (b < 0)
                {
                    throw new InvalidOperationException("git cat-file --batch ended early");
                }

                bytes.Add((byte)b);
            }

            return Encoding.UTF8.GetString([.. bytes]);
        }

        private void Skip(long count)
        {
            for (var i = 0L; i < count; i++)
            {
                _output.ReadByte();
            }
        }
    }
}
