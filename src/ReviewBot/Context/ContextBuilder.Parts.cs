using ReviewBot.Context.Symbols;
using ReviewBot.Workspace;

namespace ReviewBot.Context;

public sealed partial class ContextBuilder
{
    /// <summary>
    /// How far the search goes. A small change gets the base limits; a large one gets up to eight times as much, so that
    /// each chunk of a big pull request still has context of its own (more grep and symbol work, bounded).
    /// </summary>
    private sealed record Limits(int Identifiers, int DefinitionFiles, int CallerNames, int Stems, int GrepHits)
    {
        public static Limits For(int changedFiles)
        {
            var scale = Math.Clamp(changedFiles / 20, 1, 8);
            return new(80 * scale, 120 * scale, 30 * scale, 40 * scale, 4_000 * scale);
        }
    }

    /// <summary>File texts at one commit, read once over the shared cat-file process.</summary>
    private sealed class FileTexts(BlobReader blobs, string commit)
    {
        private readonly Dictionary<string, string?> _texts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string[]> _lines = new(StringComparer.Ordinal);

        public async Task<IReadOnlyList<SourceFile>> ReadAsync(IEnumerable<string> paths, CancellationToken cancellationToken)
        {
            var files = new List<SourceFile>();
            foreach (var path in paths.Distinct(StringComparer.Ordinal))
            {
                if (!_texts.TryGetValue(path, out var text))
                {
                    text = await blobs.ReadAsync(commit, path, cancellationToken);
                    _texts[path] = text is { Length: <= MaxFileChars } ? text : null;
                    text = _texts[path];
                }
                if (text is not null)
                {
                    files.Add(new SourceFile(path, text));
                }
            }
            return files;
        }

        public string[]? Lines(string path)
        {
            if (_lines.TryGetValue(path, out var lines))
            {
                return lines;
            }
            return _texts.TryGetValue(path, out var text) && text is not null ? _lines[path] = CodeFormat.SplitLines(text) : null;
        }
    }
}
