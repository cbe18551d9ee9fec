using System.Globalization;
using System.Text;
using ReviewBot.Reviews;

namespace ReviewBot.Publishing;

/// <summary>
/// The review's summary. GitHub refuses bodies over 65,536 characters; when the summary is longer, the least important
/// parts go first: the list of dropped candidates, then the notes, then the skipped files, then the explanations of
/// findings kept in the summary. The verdict and the list of findings always stay.
/// </summary>
public static class ReviewBody
{
    public const int MaxLength = 65_536;

    /// <summary>Most characters of one note, skipped file or reason for leaving a candidate out.</summary>
    private const int MaxLineLength = 1_000;

    public static string Write(ReviewResult result, ReviewContext context, IReadOnlyList<Finding> inSummary, int repeated, int maxLength = MaxLength)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(inSummary);
        var a = result.Accounting;
        var defang = context.Defang;
        var marker = Markers.Review(result.Head);
        var scope = context.IncrementalSince is null
            ? $"{a.FilesReviewed} file(s) at `{Short(result.Head)}`"
            : $"{a.FilesReviewed} file(s) changed since `{Short(context.IncrementalSince)}`, up to `{Short(result.Head)}`";
        var intent = defang.Text(result.Intent.Explanation.Trim(), MarkdownDefanger.ExplanationLength);
        var verdict = $"**Intent:** {ReviewReport.Verdict(result.Intent.Verdict)}.{(intent.Length > 0 ? " " + intent : "")}";

        if (result.IsClean && result.Notes.Count == 0 && a.FilesSkipped.Count == 0)
        {
            return $"✅ ReviewBot found no problems in {scope}. {verdict}\n{marker}";
        }

        var head = new StringBuilder();
        head.Append(result.IsClean ? "✅ ReviewBot found no problems" : $"ReviewBot found **{result.Findings.Count}** problem(s)")
            .Append(" in ").Append(scope).Append(".\n\n").Append(verdict).Append("\n\n");
        if (!result.IsComplete)
        {
            head.Append(ReviewReport.Incomplete(result)).Append("\n\n");
        }
        if (repeated > 0)
        {
            head.Append(CultureInfo.InvariantCulture, $"{repeated} finding(s) from earlier reviews are still open and not repeated.\n\n");
        }
        var findings = new StringBuilder();
        foreach (var group in result.Findings.GroupBy(f => f.Priority).OrderBy(g => g.Key))
        {
            findings.Append("**").Append(group.Key).Append("**\n");
            foreach (var f in group)
            {
                var where = f.FileLevel ? f.Path : $"{f.Path}:{f.StartLine}{(f.EndLine > f.StartLine ? $"-{f.EndLine}" : "")}";
                findings.Append("- ").Append(MarkdownDefanger.Code(where)).Append(' ').Append(defang.Line(f.Title, MarkdownDefanger.TitleLength))
                    .Append(inSummary.Contains(f) ? " (not on the diff GitHub shows, so here)" : "").Append('\n');
            }
        }
        var explanations = new StringBuilder();
        foreach (var f in inSummary)
        {
            explanations.Append("\n**").Append(defang.Line(f.Title, MarkdownDefanger.TitleLength)).Append("** (").Append(MarkdownDefanger.Code(f.Path)).Append("): ")
                .Append(defang.Text(f.Explanation.Trim(), MarkdownDefanger.ExplanationLength)).Append('\n');
        }
        var reviewed = new StringBuilder();
        reviewed.Append(CultureInfo.InvariantCulture,
            $"\nReviewed {a.FilesReviewed} of {a.FilesChanged} changed file(s) from {context.Commits} commit(s) in {a.Chunks} part(s); ")
            .Append(CultureInfo.InvariantCulture, $"tokens {a.Usage.Input:N0} in ({a.Usage.CachedInput:N0} cached), {a.Usage.Output:N0} out over {a.Usage.Calls} call(s).\n");
        var skipped = new StringBuilder();
        foreach (var s in a.FilesSkipped)
        {
            skipped.Append("- skipped ").Append(defang.Line(s, MaxLineLength)).Append('\n');
        }
        var notes = new StringBuilder();
        foreach (var n in result.Notes)
        {
            notes.Append("- ").Append(defang.Line(n, MaxLineLength)).Append('\n');
        }
        var dropped = new StringBuilder();
        if (result.Dropped.Count > 0)
        {
            dropped.Append(CultureInfo.InvariantCulture, $"\n<details><summary>{result.Dropped.Count} candidate(s) left out</summary>\n\n");
            foreach (var d in result.Dropped)
            {
                dropped.Append("- ").Append(d.Stage).Append(": ").Append(d.Title is null ? "" : $"\"{defang.Line(d.Title, MarkdownDefanger.TitleLength)}\" ").Append(defang.Line(d.Reason, MaxLineLength)).Append('\n');
            }
            dropped.Append("</details>\n");
        }

        // Least important last in this list: trimmed first.
        var parts = new List<StringBuilder> { head, findings, explanations, reviewed, skipped, notes, dropped };
        // Findings said only in the summary carry markers too, so that a re-run does not say them again.
        var tail = "\n" + string.Concat(inSummary.Select(f => Markers.Summary(f.Fingerprint) + "\n")) + marker;
        const string trimmed = "\n…(shortened to fit GitHub's limit)\n";
        for (var i = parts.Count - 1; i >= 2 && parts.Sum(p => p.Length) + tail.Length > maxLength; i--)
        {
            var over = parts.Sum(p => p.Length) + tail.Length + trimmed.Length - maxLength;
            parts[i].Length = Math.Max(0, parts[i].Length - over);
            if (parts[i].Length > 0)
            {
                parts[i].Append(trimmed);
            }
        }
        var body = string.Concat(parts) + tail;
        // The findings list alone can exceed the limit only with thousands of findings; cut it hard, keep the marker.
        return body.Length <= maxLength ? body : body[..(maxLength - tail.Length - trimmed.Length)] + trimmed + tail;
    }

    private static string Short(string sha) => sha.Length > 7 ? sha[..7] : sha;
}
