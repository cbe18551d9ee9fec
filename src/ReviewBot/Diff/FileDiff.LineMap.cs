namespace ReviewBot.Diff;

/// <summary>Where a review comment may go: GitHub accepts comments only on lines of the diff's hunks.</summary>
public sealed partial class FileDiff
{
    // New-side numbers of every added line, ascending; _addedRanges[h] is hunk h's slice of it.
    private readonly int[] _added;
    private readonly Range[] _addedRanges;

    /// <summary>The new line was added by the change.</summary>
    public bool IsAdded(int newLine) => Array.BinarySearch(_added, newLine) >= 0;

    /// <summary>The new line is an added or context line of some hunk: a comment on side RIGHT may go there.</summary>
    public bool IsInHunk(int newLine) => HunkContaining(newLine) is not null;

    /// <summary>The old line is a removed line of some hunk: a comment on side LEFT may go there.</summary>
    public bool IsRemovedInHunk(int oldLine)
    {
        var index = FindHunk(oldLine, static h => h.OldStart, static h => h.OldEnd);
        return index >= 0 && Hunks[index].AtOldLine(oldLine)?.Kind == DiffLineKind.Removed;
    }

    /// <summary>The hunk whose new side covers the line, or null.</summary>
    public DiffHunk? HunkContaining(int newLine)
    {
        var index = FindHunk(newLine, static h => h.NewStart, static h => h.NewEnd);
        return index >= 0 ? Hunks[index] : null;
    }

    /// <summary>
    /// The added line nearest to <paramref name="newLine"/>: within the hunk containing it, or else within the nearest hunk
    /// that has added lines (by distance to the hunk's new side). Ties go to the earlier line or hunk. Null when nothing was added.
    /// </summary>
    public int? NearestChangedLine(int newLine)
    {
        var best = -1;
        var bestDistance = long.MaxValue;
        for (var h = 0; h < Hunks.Count; h++)
        {
            var (offset, length) = _addedRanges[h].GetOffsetAndLength(_added.Length);
            if (length == 0)
            {
                continue;
            }

            var hunk = Hunks[h];
            long distance = newLine < hunk.NewStart ? hunk.NewStart - newLine : newLine > hunk.NewEnd ? newLine - hunk.NewEnd : 0;
            if (distance < bestDistance)
            {
                (best, bestDistance) = (h, distance);
            }
        }

        return best < 0 ? null : Nearest(_added.AsSpan(_addedRanges[best]), newLine);
    }

    /// <summary>The text of the added or context line at this new-side number, or null when no hunk shows it.</summary>
    public string? NewText(int newLine) => HunkContaining(newLine)?.AtNewLine(newLine)?.Text;

    private static int Nearest(ReadOnlySpan<int> ascending, int target)
    {
        var at = ascending.BinarySearch(target);
        if (at >= 0)
        {
            return ascending[at];
        }

        var next = ~at;
        if (next == 0)
        {
            return ascending[0];
        }

        if (next == ascending.Length)
        {
            return ascending[^1];
        }

        // Ties go to the earlier line: ≤ keeps the one before.
        return (long)target - ascending[next - 1] <= (long)ascending[next] - target ? ascending[next - 1] : ascending[next];
    }

    /// <summary>Index of the hunk whose [start, end] covers the line, by binary search (hunks are ordered and disjoint).</summary>
    private int FindHunk(int line, Func<DiffHunk, int> start, Func<DiffHunk, int> end)
    {
        var (low, high) = (0, Hunks.Count - 1);
        while (low <= high)
        {
            var mid = low + ((high - low) / 2);
            var hunk = Hunks[mid];
            if (line < start(hunk))
            {
                high = mid - 1;
            }
            else if (line > end(hunk))
            {
                low = mid + 1;
            }
            else
            {
                return mid;
            }
        }

        return -1;
    }

    private static int[] IndexAddedLines(IReadOnlyList<DiffHunk> hunks, out Range[] ranges, out int removed)
    {
        var added = new List<int>();
        ranges = new Range[hunks.Count];
        removed = 0;
        DiffHunk? previous = null;
        for (var h = 0; h < hunks.Count; h++)
        {
            var hunk = hunks[h] ?? throw new ArgumentException($"Hunk {h} is null.", nameof(hunks));
            if (previous is not null && (hunk.OldStart <= previous.OldEnd || hunk.NewStart <= previous.NewEnd))
            {
                throw new ArgumentException($"Hunk {h} overlaps or precedes the one before it.", nameof(hunks));
            }

            var first = added.Count;
            foreach (var line in hunk.Lines)
            {
                if (line.Kind == DiffLineKind.Added)
                {
                    added.Add(line.NewLine!.Value);
                }
                else if (line.Kind == DiffLineKind.Removed)
                {
                    removed++;
                }
            }

            ranges[h] = first..added.Count;
            previous = hunk;
        }

        return [.. added];
    }
}
