namespace ReviewBot.Diff;

/// <summary>
/// One <c>@@ -OldStart,OldCount +NewStart,NewCount @@ Section</c> block and its lines. When a count is 0 its start is
/// the line before the change (git's convention), so an empty side covers no line numbers.
/// </summary>
public sealed class DiffHunk
{
    // Index into Lines of the line with new-side number NewStart + i (and old-side OldStart + i): O(1) lookups even in
    // a 100,000-line hunk, for the line maps that publishing asks about once per comment.
    private readonly int[] _newSide;
    private readonly int[] _oldSide;

    /// <exception cref="ArgumentException">The lines do not number the sides exactly as the header says.</exception>
    public DiffHunk(int oldStart, int oldCount, int newStart, int newCount, string section, IReadOnlyList<DiffLine> lines)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentOutOfRangeException.ThrowIfNegative(oldStart);
        ArgumentOutOfRangeException.ThrowIfNegative(oldCount);
        ArgumentOutOfRangeException.ThrowIfNegative(newStart);
        ArgumentOutOfRangeException.ThrowIfNegative(newCount);
        OldStart = oldStart;
        OldCount = oldCount;
        NewStart = newStart;
        NewCount = newCount;
        Section = section;
        Lines = lines;
        _oldSide = new int[oldCount];
        _newSide = new int[newCount];
        var (old, @new) = (0, 0);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var hasOld = line.Kind != DiffLineKind.Added;
            var hasNew = line.Kind != DiffLineKind.Removed;
            if (hasOld != line.OldLine.HasValue || hasNew != line.NewLine.HasValue)
            {
                throw new ArgumentException($"Line {i} is {line.Kind} but has old line '{line.OldLine}' and new line '{line.NewLine}'.", nameof(lines));
            }

            if ((hasOld && !Place(_oldSide, ref old, oldStart, line.OldLine!.Value, i)) ||
                (hasNew && !Place(_newSide, ref @new, newStart, line.NewLine!.Value, i)))
            {
                throw new ArgumentException($"Line {i} has old line '{line.OldLine}' and new line '{line.NewLine}', which do not follow the header @@ -{oldStart},{oldCount} +{newStart},{newCount} @@.", nameof(lines));
            }
        }

        if (old != oldCount || @new != newCount)
        {
            throw new ArgumentException($"Hunk @@ -{oldStart},{oldCount} +{newStart},{newCount} @@ has {old} old and {@new} new lines.", nameof(lines));
        }
    }

    public int OldStart { get; }

    public int OldCount { get; }

    public int NewStart { get; }

    public int NewCount { get; }

    /// <summary>The text after the second <c>@@</c> (git puts the enclosing function there), without the separating space; may be empty.</summary>
    public string Section { get; }

    public IReadOnlyList<DiffLine> Lines { get; }

    /// <summary>The last new-side line number of the hunk; less than <see cref="NewStart"/> when the new side is empty.</summary>
    internal int NewEnd => NewStart + NewCount - 1;

    internal int OldEnd => OldStart + OldCount - 1;

    /// <summary>The context or added line at a new-side number, or null when the hunk does not cover it.</summary>
    internal DiffLine? AtNewLine(int newLine) =>
        newLine >= NewStart && newLine <= NewEnd ? Lines[_newSide[newLine - NewStart]] : null;

    /// <summary>The context or removed line at an old-side number, or null when the hunk does not cover it.</summary>
    internal DiffLine? AtOldLine(int oldLine) =>
        oldLine >= OldStart && oldLine <= OldEnd ? Lines[_oldSide[oldLine - OldStart]] : null;

    /// <summary>Records line <paramref name="index"/> as the next one of a side; false when its number is not the next.</summary>
    private static bool Place(int[] side, ref int seen, int start, int number, int index)
    {
        if (seen >= side.Length || number != start + seen)
        {
            return false;
        }

        side[seen++] = index;
        return true;
    }
}
