using System.Diagnostics;
using System.Text;

namespace ReviewBot.Workspace;

/// <summary>
/// Reads blobs over one <c>git cat-file --batch</c> process: one request line per read, the header and the exact bytes
/// back. Not thread-safe: one reader per task.
/// </summary>
public sealed class BlobReader : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(false);
    private readonly Process _process;
    private readonly Stream _output;
    private readonly Stream _input;

    internal BlobReader(Process process)
    {
        _process = process;
        _output = new BufferedStream(process.StandardOutput.BaseStream, 1 << 16);
        _input = process.StandardInput.BaseStream;
        _ = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The text of <paramref name="path"/> at <paramref name="commit"/>, or null when there is no such file.</summary>
    public Task<string?> ReadAsync(string commit, string path, CancellationToken cancellationToken) =>
        ReadObjectAsync($"{commit}:{path}", cancellationToken);

    public async Task<string?> ReadObjectAsync(string objectName, CancellationToken cancellationToken)
    {
        if (objectName.Contains('\n', StringComparison.Ordinal))
        {
            return null;
        }
        await _input.WriteAsync(Utf8.GetBytes(objectName + "\n"), cancellationToken);
        await _input.FlushAsync(cancellationToken);
        return await ReadAnswerAsync(cancellationToken);
    }

    private async Task<string?> ReadAnswerAsync(CancellationToken cancellationToken)
    {
        var header = await ReadLineAsync(cancellationToken);
        if (header is null)
        {
            throw new WorkspaceException("git cat-file stopped answering.");
        }
        // "<oid> <type> <size>" or "<name> missing" / "<name> ambiguous"
        var parts = header.Split(' ');
        if (parts.Length != 3 || !long.TryParse(parts[2], out var size))
        {
            return null;
        }
        var buffer = new byte[size + 1];
        await _output.ReadExactlyAsync(buffer, cancellationToken);
        return parts[1] == "blob" ? Utf8.GetString(buffer, 0, (int)size) : null;
    }

    /// <summary>
    /// The texts of many objects, in order (null for a missing one or one that is not a blob). The requests are written
    /// while the answers are read, so the batch costs one round trip, not one per object.
    /// </summary>
    public async Task<IReadOnlyList<string?>> ReadObjectsAsync(IReadOnlyList<string> objectNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objectNames);
        if (objectNames.Any(n => n.Contains('\n', StringComparison.Ordinal)))
        {
            throw new ArgumentException("An object name holds a line break.", nameof(objectNames));
        }
        var requests = WriteRequestsAsync(objectNames, cancellationToken);
        var texts = new string?[objectNames.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = await ReadAnswerAsync(cancellationToken);
        }
        await requests;
        return texts;
    }

    private async Task WriteRequestsAsync(IReadOnlyList<string> objectNames, CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var chunk in objectNames.Chunk(256))
        {
            await _input.WriteAsync(Utf8.GetBytes(string.Concat(chunk.Select(n => n + "\n"))), cancellationToken);
        }
        await _input.FlushAsync(cancellationToken);
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var bytes = new List<byte>(64);
        var one = new byte[1];
        while (true)
        {
            var read = await _output.ReadAsync(one, cancellationToken);
            if (read == 0)
            {
                return bytes.Count == 0 ? null : Utf8.GetString([.. bytes]);
            }
            if (one[0] == (byte)'\n')
            {
                return Utf8.GetString([.. bytes]);
            }
            bytes.Add(one[0]);
        }
    }

    public void Dispose()
    {
        try
        {
            _input.Dispose();
        }
        catch (IOException)
        {
            // The process may already be gone.
        }
        GitRunner.Kill(_process);
        _process.Dispose();
    }
}
