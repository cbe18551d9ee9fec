using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ReviewBot.Context;
using ReviewBot.Diff;
using ReviewBot.Model;
using ReviewBot.Workspace;

namespace ReviewBot.Reviews;

/// <summary>
/// Nothing the model says leaves the engine unchecked. A candidate survives only if its path is in the change, its lines
/// are changed lines (or it moves to the nearest changed line of the same hunk, or becomes a file-level finding), every
/// quote of its evidence is really at the cited place (ignoring whitespace, in the code as the model saw it), it says
/// something no other finding says, and it clears the repository's threshold.
/// </summary>
public sealed partial class FindingVerifier(ChangeSet change, BlobReader blobs)
{
    private const int MaxRangeLines = 200;
    private const int QuoteSlack = 2;
    private const int NearReach = 3;
    private readonly Dictionary<(string, string), string[]?> _files = [];

    internal async Task<(Finding? Finding, DroppedFinding? Dropped)> VerifyAsync(ModelFinding candidate, CancellationToken cancellationToken)
    {
        var title = candidate.Title?.Trim();
        var path = candidate.Path?.Trim().TrimStart('/');
        DroppedFinding Drop(string reason) => new("verification", reason, title, path, candidate.StartLine);

        if (string.IsNullOrWhiteSpace(title) || string.IsNullOrWhiteSpace(candidate.Explanation))
        {
            return (null, Drop("it has no title or no explanation"));
        }
        if (!Enum.TryParse<Priority>(candidate.Priority, ignoreCase: true, out var priority) || !Enum.IsDefined(priority))
        {
            return (null, Drop($"its priority \"{candidate.Priority}\" is not one of P0-P3"));
        }
        var confidence = candidate.Confidence is > 1 and <= 100 ? candidate.Confidence / 100 : candidate.Confidence;
        if (double.IsNaN(confidence) || confidence is < 0 or > 1)
        {
            return (null, Drop($"its confidence {candidate.Confidence.ToString(CultureInfo.InvariantCulture)} is not between 0 and 1"));
        }
        if (string.IsNullOrEmpty(path) || change.Find(path) is not { } file)
        {
            return (null, Drop($"the path {path} is not in this pull request"));
        }

        var side = string.Equals(candidate.Side, "base", StringComparison.OrdinalIgnoreCase) ? DiffSide.Base : DiffSide.Head;
        var (start, end) = (Math.Min(candidate.StartLine, candidate.EndLine), Math.Max(candidate.StartLine, candidate.EndLine));
        if (start < 1)
        {
            return (null, Drop($"its lines {candidate.StartLine}-{candidate.EndLine} are not line numbers"));
        }
        if ((long)end - start > MaxRangeLines)
        {
            return (null, Drop($"its range {start}-{end} spans more than {MaxRangeLines} lines"));
        }

        var evidence = new List<Evidence>();
        foreach (var quote in candidate.Evidence ?? [])
        {
            var checkedQuote = await CheckQuoteAsync(quote, cancellationToken);
            if (checkedQuote is null)
            {
                return (null, Drop($"its evidence \"{Shorten(quote.Quote)}\" is not at {quote.Path}:{quote.Line}"));
            }
            evidence.Add(checkedQuote);
        }
        if (evidence.Count == 0)
        {
            return (null, Drop("it quotes no evidence"));
        }
        if (file.Hunks.Count == 0 && !file.IsBinary && !evidence.Any(e => e.Path == file.Path || e.Path == file.OldPath))
        {
            // A file without a text diff (a rename, a mode change) can only be spoken of with evidence from that file. A
            // binary file has no lines to quote: its evidence is in the text that uses it, checked like any other.
            return (null, Drop($"{file.Path} has no text change and the evidence is from other files"));
        }

        var anchor = Anchor(file, side, start, end);
        if (anchor.Outside is not null)
        {
            return (null, Drop(anchor.Outside));
        }
        // The model saw masked code: a replacement that carries a mask would write the mask into the file.
        var replacement = anchor.Moved is null && !anchor.FileLevel && anchor.Side == DiffSide.Head
            && candidate.Replacement?.Contains(SecretMasker.Marker, StringComparison.Ordinal) != true
            ? candidate.Replacement
            : null;
        var anchoredCode = await AnchoredCodeAsync(file, anchor, cancellationToken);
        var finding = new Finding(file.Path, anchor.Start, anchor.End, anchor.Side, priority, Math.Round(confidence, 3), title,
            candidate.Explanation!.Trim(), evidence, string.IsNullOrEmpty(replacement) ? null : replacement, anchor.FileLevel,
            Fingerprint(file.Path, title, anchoredCode))
        {
            Moved = anchor.Moved,
        };
        return (finding, null);
    }

    private sealed record Anchored(int Start, int End, DiffSide Side, bool FileLevel, string? Moved, string? Outside = null);

    /// <summary>
    /// Where the finding lands. Inside one hunk: as cited. Leaving its hunk: clamped to it, or moved to the hunk's nearest
    /// changed line. Just outside a hunk (within its reach): moved to the nearest changed line. A file with no text diff:
    /// file-level. Anywhere else the finding is about code the change does not touch, and is dropped.
    /// </summary>
    private static Anchored Anchor(FileDiff file, DiffSide side, int start, int end)
    {
        if (file.IsBinary || file.Hunks.Count == 0)
        {
            return new(start, end, side, true, $"lines {start}-{end} of a file without a text diff");
        }
        if (side == DiffSide.Base || file.Kind == FileChangeKind.Deleted)
        {
            return Enumerable.Range(start, end - start + 1).All(file.IsRemovedInHunk)
                ? new(start, end, DiffSide.Base, false, null)
                : new(start, end, DiffSide.Base, false, null, $"base lines {start}-{end} are not lines the change removes");
        }
        var first = file.HunkContaining(start);
        if (first is not null && ReferenceEquals(first, file.HunkContaining(end)))
        {
            if (Enumerable.Range(start, end - start + 1).Any(file.IsAdded))
            {
                return new(start, end, side, false, null);
            }
            // Only unchanged lines: the finding belongs on what changed nearby, or it is about code the change left alone.
            return file.NearestChangedLine(start) is { } changed && ReferenceEquals(file.HunkContaining(changed), first)
                ? new(changed, changed, side, false, $"lines {start}-{end} are unchanged; moved to the nearest changed line {changed}")
                : new(start, end, side, false, null, $"lines {start}-{end} are not lines the change adds or alters");
        }
        var touched = Enumerable.Range(start, end - start + 1).Select(file.HunkContaining).FirstOrDefault(h => h is not null);
        if (touched is not null)
        {
            var hunkEnd = touched.NewStart + Math.Max(touched.NewCount, 1) - 1;
            var (s, e) = (Math.Max(start, touched.NewStart), Math.Min(end, hunkEnd));
            if (Enumerable.Range(s, e - s + 1).Any(file.IsAdded))
            {
                return new(s, e, side, false, $"lines {start}-{end} clamped to {s}-{e} within the changed hunk");
            }
            if (file.NearestChangedLine(s) is { } nearest && ReferenceEquals(file.HunkContaining(nearest), touched))
            {
                return new(nearest, nearest, side, false, $"lines {start}-{end} moved to the nearest changed line {nearest}");
            }
            return new(s, e, side, false, null, $"lines {start}-{end} are not lines the change adds or alters");
        }
        if (file.NearestChangedLine(start) is { } near && Math.Min(Math.Abs(near - start), Math.Abs(near - end)) <= NearReach)
        {
            return new(near, near, side, false, $"lines {start}-{end} moved to the nearest changed line {near}");
        }
        return new(start, end, side, false, null, $"lines {start}-{end} are outside the change");
    }

    private async Task<Evidence?> CheckQuoteAsync(ModelEvidence quote, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(quote.Quote) || string.IsNullOrWhiteSpace(quote.Path) || quote.Line <= 0)
        {
            return null;
        }
        var path = quote.Path.Trim().TrimStart('/');
        var side = string.Equals(quote.Side, "base", StringComparison.OrdinalIgnoreCase) ? DiffSide.Base : DiffSide.Head;
        var lines = await LinesAsync(side == DiffSide.Head ? change.Head : change.MergeBase, path, cancellationToken);
        if (lines is null)
        {
            return null;
        }
        foreach (var candidate in new[] { quote.Quote, StripLineNumbers(quote.Quote) })
        {
            var wanted = Squash(candidate);
            if (wanted.Length == 0)
            {
                continue;
            }
            var quoteLines = Math.Max(1, candidate.Split('\n').Length);
            for (var offset = -QuoteSlack; offset <= QuoteSlack; offset++)
            {
                var from = quote.Line + offset;
                if (from < 1 || from > lines.Length)
                {
                    continue;
                }
                var window = Squash(string.Concat(lines.Skip(from - 1).Take(quoteLines + QuoteSlack)));
                if (window.Contains(wanted, StringComparison.Ordinal))
                {
                    return new Evidence(path, quote.Line, side, quote.Quote.TrimEnd());
                }
            }
        }
        return null;
    }

    private async Task<string> AnchoredCodeAsync(FileDiff file, Anchored anchor, CancellationToken cancellationToken)
    {
        var lines = await LinesAsync(anchor.Side == DiffSide.Head ? change.Head : change.MergeBase,
            anchor.Side == DiffSide.Head ? file.Path : file.OldPath ?? file.Path, cancellationToken);
        return lines is null || anchor.FileLevel ? "" : Squash(string.Concat(lines.Skip(anchor.Start - 1).Take(anchor.End - anchor.Start + 1)));
    }

    /// <summary>The file's lines as the model saw them (secrets masked).</summary>
    private async Task<string[]?> LinesAsync(string commit, string path, CancellationToken cancellationToken)
    {
        if (!_files.TryGetValue((commit, path), out var lines))
        {
            var text = await blobs.ReadAsync(commit, path, cancellationToken);
            lines = text is null ? null : CodeFormat.SplitLines(SecretMasker.Mask(text).Text);
            _files[(commit, path)] = lines;
        }
        return lines;
    }

    /// <summary>Whitespace-insensitive comparison form: all whitespace removed.</summary>
    public static string Squash(string text) => Whitespace().Replace(text ?? "", "");

    private static string StripLineNumbers(string quote) =>
        string.Join('\n', quote.Split('\n').Select(l => LinePrefix().Replace(l, "")));

    public static string Fingerprint(string path, string title, string anchoredCode)
    {
        var words = string.Join(' ', Words.Of(title).Order(StringComparer.Ordinal));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{path}\n{words}\n{anchoredCode}"));
        return Convert.ToHexStringLower(hash)[..16];
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 60 ? text : text[..60] + "…";

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^\s*b?\d+[+\- ]\s?")]
    private static partial Regex LinePrefix();

}
