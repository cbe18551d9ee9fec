using System.Globalization;

namespace ReviewBot.Diff;

/// <summary>
/// Reads one file's diff at a time from a line stream, looking one line ahead: never more than the current file is held.
/// Hunk lines are counted against the hunk header, so a removed line that reads <c>--- x</c> or <c>diff --git</c> stays content.
/// </summary>
internal sealed class DiffFileReader(DiffLineReader lines)
{
    private const string GitHeader = "diff --git ";

    /// <summary>
    /// The next file, or null at the end. Text before the first file (a commit message, a mail header) is skipped, and so
    /// are combined diffs of merges.
    /// </summary>
    /// <exception cref="FormatException">A hunk that does not match its header; the message gives the line number.</exception>
    public FileDiff? Next()
    {
        while (lines.Peek() is { } line)
        {
            if (line.StartsWith(GitHeader, StringComparison.Ordinal))
            {
                return ReadGitFile();
            }

            lines.Read();
            if (IsCombinedHeader(line))
            {
                SkipCombinedDiff();
                continue;
            }

            if (line.StartsWith("--- ", StringComparison.Ordinal) && lines.Peek() is { } plus && plus.StartsWith("+++ ", StringComparison.Ordinal))
            {
                // A plain unified diff (diff -u, svn): no git header, the names are on --- and +++.
                var header = new FileHeader(git: false);
                header.SetMinus(line[4..]);
                header.SetPlus(lines.Read()![4..]);
                return Build(header);
            }
        }

        return null;
    }

    /// <summary>A patch that is only hunks (GitHub's files API).</summary>
    public FileDiff ReadPatch(string path)
    {
        var hunks = ReadHunks();
        if (lines.Peek() is { Length: > 0 })
        {
            throw Error("expected a hunk header (@@ -a,b +c,d @@)");
        }

        return new FileDiff(path, path, FileChangeKind.Modified, hunks);
    }

    private FileDiff ReadGitFile()
    {
        var header = new FileHeader(git: true);
        header.SetGitHeader(lines.Read()![GitHeader.Length..]);
        while (lines.Peek() is { } line && !line.StartsWith(GitHeader, StringComparison.Ordinal) && !line.StartsWith("@@", StringComparison.Ordinal))
        {
            lines.Read();
            if (line.StartsWith("--- ", StringComparison.Ordinal))
            {
                header.SetMinus(line[4..]);
                if (lines.Peek() is { } plus && plus.StartsWith("+++ ", StringComparison.Ordinal))
                {
                    header.SetPlus(lines.Read()![4..]);
                }

                break;
            }

            header.Apply(line);
            if (line.StartsWith("GIT binary patch", StringComparison.Ordinal))
            {
                SkipBinaryPatch();
                break;
            }
        }

        return Build(header);
    }

    private FileDiff Build(FileHeader header)
    {
        var hunks = ReadHunks();
        try
        {
            return header.Build(hunks);
        }
        catch (ArgumentException e)
        {
            throw Error(e.Message);
        }
        catch (FormatException e)
        {
            throw Error(e.Message);
        }
    }

    // A merge's combined diff (git show/log --cc) has one column per parent: there is no single old side to map.
    private static bool IsCombinedHeader(string line) =>
        line.StartsWith("diff --cc ", StringComparison.Ordinal) || line.StartsWith("diff --combined ", StringComparison.Ordinal);

    /// <summary>Skips a combined diff up to the next file. Its hunk lines start with one prefix column per parent, never with "diff ".</summary>
    private void SkipCombinedDiff()
    {
        while (lines.Peek() is { } line && !line.StartsWith(GitHeader, StringComparison.Ordinal) && !IsCombinedHeader(line))
        {
            lines.Read();
        }
    }

    /// <summary>
    /// Base85 data of <c>--binary</c> output up to the next file. Its lines start with a length letter and use no space, so
    /// they never read as <c>diff --git </c>.
    /// </summary>
    private void SkipBinaryPatch()
    {
        while (lines.Peek() is { } line && !line.StartsWith(GitHeader, StringComparison.Ordinal))
        {
            lines.Read();
        }
    }

    private List<DiffHunk> ReadHunks()
    {
        var hunks = new List<DiffHunk>();
        while (lines.Peek() is { } line && line.StartsWith("@@", StringComparison.Ordinal))
        {
            lines.Read();
            hunks.Add(ReadHunk(line));
        }

        return hunks;
    }

    private DiffHunk ReadHunk(string header)
    {
        var (oldStart, oldCount, newStart, newCount, section) = ParseHunkHeader(header) ?? throw Error($"unreadable hunk header '{header}'");
        var body = new List<DiffLine>(Math.Min(oldCount + newCount, 4096));
        var (oldLine, newLine, oldLeft, newLeft) = (oldStart, newStart, oldCount, newCount);
        while (oldLeft > 0 || newLeft > 0)
        {
            var line = lines.Read() ?? throw Error($"the diff ends inside the hunk '{header}' ({oldLeft} old and {newLeft} new lines missing)");

            // Some tools (and git with diff.suppressBlankEmpty) write an empty context line without its space.
            var prefix = line.Length > 0 ? line[0] : ' ';
            var text = line.Length > 0 ? line[1..] : "";
            switch (prefix)
            {
                case ' ' when oldLeft > 0 && newLeft > 0:
                    body.Add(new DiffLine(DiffLineKind.Context, oldLine++, newLine++, text));
                    (oldLeft, newLeft) = (oldLeft - 1, newLeft - 1);
                    break;
                case '+' when newLeft > 0:
                    body.Add(new DiffLine(DiffLineKind.Added, null, newLine++, text));
                    newLeft--;
                    break;
                case '-' when oldLeft > 0:
                    body.Add(new DiffLine(DiffLineKind.Removed, oldLine++, null, text));
                    oldLeft--;
                    break;
                case '\\':
                    MarkNoNewline(body);
                    break;
                default:
                    throw Error($"'{Shorten(line)}' does not fit the hunk '{header}' ({oldLeft} old and {newLeft} new lines to go)");
            }
        }

        while (lines.Peek() is { } marker && marker.StartsWith('\\'))
        {
            lines.Read();
            MarkNoNewline(body);
        }

        return new DiffHunk(oldStart, oldCount, newStart, newCount, section, body);
    }

    // "\ No newline at end of file" (in the diff author's language) belongs to the line before it; it is not a line itself.
    private static void MarkNoNewline(List<DiffLine> body)
    {
        if (body.Count > 0)
        {
            body[^1] = body[^1] with { NoNewlineAtEnd = true };
        }
    }

    /// <summary><c>@@ -a[,b] +c[,d] @@ section</c>; an omitted count is 1.</summary>
    internal static (int OldStart, int OldCount, int NewStart, int NewCount, string Section)? ParseHunkHeader(string header)
    {
        var rest = header.AsSpan();
        if (!Skip(ref rest, "@@ -") || !Range(ref rest, out var oldStart, out var oldCount) ||
            !Skip(ref rest, " +") || !Range(ref rest, out var newStart, out var newCount) || !Skip(ref rest, " @@"))
        {
            return null;
        }

        if (rest.StartsWith(" "))
        {
            rest = rest[1..];
        }

        return (oldStart, oldCount, newStart, newCount, rest.TrimEnd('\r').ToString());

        static bool Skip(ref ReadOnlySpan<char> text, string expected)
        {
            if (!text.StartsWith(expected, StringComparison.Ordinal))
            {
                return false;
            }

            text = text[expected.Length..];
            return true;
        }

        static bool Range(ref ReadOnlySpan<char> text, out int start, out int count)
        {
            count = 1;
            if (!Number(ref text, out start))
            {
                return false;
            }

            return !text.StartsWith(",") || (Skip(ref text, ",") && Number(ref text, out count));
        }

        static bool Number(ref ReadOnlySpan<char> text, out int value)
        {
            var digits = text.IndexOfAnyExceptInRange('0', '9');
            digits = digits < 0 ? text.Length : digits;
            var ok = int.TryParse(text[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out value);
            text = text[digits..];
            return ok;
        }
    }

    private static string Shorten(string line) => line.Length <= 60 ? line : line[..60] + "…";

    private FormatException Error(string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Diff line {lines.LineNumber}: {message}."));
}
