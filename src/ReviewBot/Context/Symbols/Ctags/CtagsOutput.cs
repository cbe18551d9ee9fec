namespace ReviewBot.Context.Symbols.Ctags;

/// <summary>Reads ctags' JSON lines into per-file tag lists, one list per <c>completed</c>.</summary>
internal static class CtagsOutput
{
    public static async Task<CtagsRun> ReadAsync(TextReader output, int fileCount, CancellationToken cancellationToken)
    {
        var files = new List<IReadOnlyList<CtagsMessage>>(fileCount);
        var current = new List<CtagsMessage>();
        while (files.Count < fileCount && await output.ReadLineAsync(cancellationToken) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            CtagsMessage? message;
            try
            {
                message = JsonSerializer.Deserialize(line, CtagsJsonContext.Default.CtagsMessage);
            }
            catch (JsonException)
            {
                return new CtagsRun(files, $"unreadable output line: {line[..Math.Min(line.Length, 200)]}");
            }

            switch (message?.Type)
            {
                case "tag":
                    current.Add(message);
                    break;
                case "completed":
                    files.Add(current);
                    current = [];
                    break;
                case "error" when message.Warning != true:
                    return new CtagsRun(files, $"ctags reported an error: {message.Message}");
            }
        }

        return new CtagsRun(files, files.Count == fileCount ? null : $"ctags stopped after {files.Count} of {fileCount} files");
    }
}
