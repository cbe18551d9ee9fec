using ReviewBot.Context;
using ReviewBot.Diff;

namespace ReviewBot.Reviews;

/// <summary>A group of changed files (or hunks of one large file) reviewed by one model call.</summary>
public sealed record ReviewChunk(int Index, IReadOnlyList<ContextItem> Diff, IReadOnlyList<string> Paths)
{
    public int Tokens => Diff.Sum(d => d.Tokens);
}

/// <summary>
/// Splits a change into chunks of about <c>maxTokens</c> of diff: files in path order (so a folder tends to stay
/// together); a file larger than a chunk is split at hunk boundaries.
/// </summary>
public static class ChunkPlanner
{
    public static IReadOnlyList<ReviewChunk> Plan(IReadOnlyList<FileDiff> files, TokenCounter tokens, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(tokens);
        var pieces = new List<ContextItem>();
        foreach (var file in files.OrderBy(f => Folder(f.Path), StringComparer.Ordinal).ThenBy(f => f.Path, StringComparer.Ordinal))
        {
            pieces.AddRange(Pieces(file, tokens, maxTokens));
        }

        var chunks = new List<ReviewChunk>();
        var current = new List<ContextItem>();
        var used = 0;
        foreach (var piece in pieces)
        {
            if (current.Count > 0 && used + piece.Tokens > maxTokens)
            {
                chunks.Add(Chunk(chunks.Count, current));
                current = [];
                used = 0;
            }
            current.Add(piece);
            used += piece.Tokens;
        }
        if (current.Count > 0)
        {
            chunks.Add(Chunk(chunks.Count, current));
        }
        return chunks;
    }

    private static IEnumerable<ContextItem> Pieces(FileDiff file, TokenCounter tokens, int maxTokens)
    {
        var whole = CodeFormat.Diff(file);
        var count = tokens.Count(whole);
        if (count <= maxTokens || file.Hunks.Count <= 1)
        {
            yield return Item(file, file.Hunks, whole, count);
            yield break;
        }
        var hunks = new List<DiffHunk>();
        var used = 0;
        foreach (var hunk in file.Hunks)
        {
            var hunkTokens = tokens.Count(CodeFormat.Diff(file, [hunk]));
            if (hunks.Count > 0 && used + hunkTokens > maxTokens)
            {
                var text = CodeFormat.Diff(file, hunks);
                yield return Item(file, hunks, text, tokens.Count(text));
                hunks = [];
                used = 0;
            }
            hunks.Add(hunk);
            used += hunkTokens;
        }
        if (hunks.Count > 0)
        {
            var text = CodeFormat.Diff(file, hunks);
            yield return Item(file, hunks, text, tokens.Count(text));
        }
    }

    private static ContextItem Item(FileDiff file, IReadOnlyList<DiffHunk> hunks, string text, int count)
    {
        var start = hunks.Count > 0 ? hunks[0].NewStart : 0;
        var end = hunks.Count > 0 ? hunks[^1].NewStart + Math.Max(hunks[^1].NewCount, 1) - 1 : 0;
        return new ContextItem(ContextKind.Diff, file.Path, start, end, null, "changed", count, text, double.MaxValue) { ForPaths = [file.Path] };
    }

    private static ReviewChunk Chunk(int index, List<ContextItem> items) =>
        new(index, items, items.Select(i => i.Path).Distinct(StringComparer.Ordinal).ToList());

    private static string Folder(string path) => path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : "";
}
