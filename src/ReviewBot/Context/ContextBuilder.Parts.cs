using ReviewBot.Context.Symbols;
using ReviewBot.Diff;
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

        /// <summary>The text of a file, read without keeping it when it was not read before (null when missing or too large).</summary>
        public async Task<string?> PeekAsync(string path, CancellationToken cancellationToken)
        {
            if (_texts.TryGetValue(path, out var known))
            {
                return known;
            }
            var text = await blobs.ReadAsync(commit, path, cancellationToken);
            return text is { Length: <= MaxFileChars } ? text : null;
        }

        /// <summary>The text of a file already read, else null.</summary>
        public string? Text(string path) => _texts.GetValueOrDefault(path);

        public string[]? Lines(string path)
        {
            if (_lines.TryGetValue(path, out var lines))
            {
                return lines;
            }
            return _texts.TryGetValue(path, out var text) && text is not null ? _lines[path] = CodeFormat.SplitLines(text) : null;
        }
    }

    /// <summary>
    /// The part of lines <paramref name="start"/>..<paramref name="end"/> of <paramref name="path"/> that the diff does not
    /// already show, on the side of <paramref name="anchor"/> (the line the item is about); null when the anchor itself is
    /// shown or nothing is left. Context items never send the same lines twice.
    /// </summary>
    private static (int Start, int End)? OutsideDiff(ChangeSet change, string path, int start, int end, int anchor)
    {
        if (change.Find(path) is not { } file || file.NewPath != path)
        {
            return (start, end);
        }
        foreach (var hunk in file.Hunks.Where(h => h.NewCount > 0 && h.NewEnd >= start && h.NewStart <= end))
        {
            if (anchor >= hunk.NewStart && anchor <= hunk.NewEnd)
            {
                return null;
            }
            (start, end) = anchor < hunk.NewStart ? (start, Math.Min(end, hunk.NewStart - 1)) : (Math.Max(start, hunk.NewEnd + 1), end);
        }
        return end >= start ? (start, end) : null;
    }

    /// <summary>A changed file as one item whose reason names its hunks; its range spans them, the hunks say which lines are shown.</summary>
    private ContextItem DiffItem(FileDiff file)
    {
        var text = CodeFormat.Diff(file);
        var hunks = file.Hunks.Select(h => new LineRange(h.NewStart, Math.Max(h.NewEnd, h.NewStart))).ToList();
        var start = hunks.Count > 0 ? hunks[0].Start : 0;
        var end = hunks.Count > 0 ? hunks.Max(h => h.End) : 0;
        var named = hunks.Count == 0 ? "" : $", lines {string.Join(", ", hunks.Select(h => h.Start == h.End ? $"{h.Start}" : $"{h.Start}-{h.End}"))}";
        return new ContextItem(ContextKind.Diff, file.Path, start, end, null,
            $"changed ({file.Kind.ToString().ToLowerInvariant()}, +{file.AddedCount} -{file.RemovedCount}{named})",
            tokens.Count(text), text, double.MaxValue) { ForPaths = [file.Path], Hunks = hunks };
    }

    /// <summary>
    /// Why the change is empty or other than asked, when the commits explain it: base and head swapped (the head is an
    /// ancestor of the base), or a base that is not an ancestor of the head (the diff starts at their merge base).
    /// </summary>
    private static string? RangeNote(ChangeSet change)
    {
        if (change.Base == change.Head)
        {
            return change.Files.Count == 0 ? "Base and head are the same commit: there is no change to give context for." : null;
        }
        if (change.MergeBase == change.Head)
        {
            return $"The head {Short(change.Head)} is an ancestor of the base {Short(change.Base)}, so the change is empty: base and head look swapped.";
        }
        if (change.MergeBase != change.Base)
        {
            return $"The base {Short(change.Base)} is not an ancestor of the head {Short(change.Head)}: the change is read from their merge base {Short(change.MergeBase)}, as a pull request shows it.";
        }
        return change.Files.Count == 0 ? $"The head {Short(change.Head)} changes no file since the base {Short(change.Base)}." : null;
    }

    private static string Short(string commit) => commit.Length > 12 ? commit[..12] : commit;
}
