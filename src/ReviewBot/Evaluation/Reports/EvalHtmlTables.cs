using System.Text;
using static ReviewBot.Evaluation.Reports.HtmlText;

namespace ReviewBot.Evaluation.Reports;

/// <summary>The HTML report's tables: the same sections as the terminal table.</summary>
internal static class EvalHtmlTables
{
    private static readonly string[] ScoreHead = ["#precision", "#recall", "#F1", "#found/golden", "#candidates"];

    public static void Append(StringBuilder html, EvalScores s)
    {
        html.Append("<h2>Overall</h2>");
        Table(html, ["", .. ScoreHead, "#PRs"], [
            ["pooled over PRs (micro)", .. Cells(s.Overall), s.Scored.ToString()],
            ["mean per PR (macro)", N(s.Macro.Precision), N(s.Macro.Recall), N(s.Macro.F1), "", "", $"{s.Macro.PrecisionCases} ({s.Macro.RecallCases} with golden)"],
        ]);
        html.Append("<h2>Per repository</h2>");
        Table(html, ["repository", .. ScoreHead, "#PRs"], s.Repositories.Select(r => (string[])[Text(r.Repository), .. Cells(r.Score), r.Cases.ToString()]));
        html.Append("<h2>Per severity</h2>");
        Table(html, ["severity (of golden comments)", "#golden", "#found", "#recall"], s.Severities.Select(r => (string[])[Text(r.Severity), r.Golden.ToString(), r.Found.ToString(), N(r.Recall)]));
        Calibration(html, s.Calibration);
        Other(html, s);
        EvalHtmlSpend.Append(html, s.Tokens);
    }

    private static void Calibration(StringBuilder html, Calibration c)
    {
        html.Append("<h2>Severity calibration</h2><p class=\"meta\">Of the findings of each priority and confidence, the share that matched a golden comment; then what each threshold would have scored. Issues split from the summary have neither, and stay in every threshold row.</p>");
        html.Append("<h3>By priority</h3>");
        Buckets(html, c.ByPriority);
        html.Append("<h3>By confidence</h3>");
        Buckets(html, c.ByConfidence);
        html.Append("<h3>Had only these findings been kept</h3>");
        Table(html, ["kept", .. ScoreHead], c.IfConfidenceAtLeast.Concat(c.IfPriorityAtMost).Select(r => (string[])[Text(r.Keep), .. Cells(r.Score)]));
    }

    private static void Buckets(StringBuilder html, IReadOnlyList<CalibrationRow> rows) =>
        Table(html, ["bucket", "#candidates", "#matched", "#precision"], rows.Select(r => (string[])[Text(r.Bucket), r.Candidates.ToString(), r.Matched.ToString(), N(r.Precision)]));

    private static void Other(StringBuilder html, EvalScores s)
    {
        html.Append("<h2>Clean pull requests</h2>");
        var clean = s.CleanCases;
        html.Append(clean.Cases == 0
            ? "<p class=\"empty\">None in this run.</p>"
            : $"<p>{clean.Cases} reviewed: <b>{N(clean.FindingsPerCase)}</b> finding(s) per PR, {(clean.MaxCase is null ? "none had any" : $"most {clean.MaxFindings}, on {Text(clean.MaxCase)}")}; {clean.SummaryIssues} issue(s) in summaries. Every one is noise.</p>");
        html.Append("<h2>Fabricated evidence</h2>")
            .Append($"<p>{s.Fabricated.Fabricated} finding(s) dropped by the verifier for quotes not in the code (or lines not in the change), against {s.Fabricated.Findings} kept: rate <b>{N(s.Fabricated.Rate)}</b>.</p>");
        var failed = s.Cases.Where(c => c.Error is not null).ToList();
        html.Append($"<h2>Failed: {failed.Count}</h2>");
        if (failed.Count == 0)
        {
            html.Append("<p class=\"empty\">Every case ran.</p>");
            return;
        }
        Table(html, ["case", "error (in no score)"], failed.Select(c => (string[])[Link(c.Url, c.Id), $"<span class=\"bad\">{Text(c.Error!, 2000)}</span>"]));
    }

    internal static string[] Cells(Score s) => [N(s.Precision), N(s.Recall), N(s.F1), $"{s.Found}/{s.Golden}", s.Candidates.ToString()];

    /// <summary>A table of cells already encoded; a head starting with # is a number column, aligned right.</summary>
    internal static void Table(StringBuilder html, string[] head, IEnumerable<string[]> rows)
    {
        var numeric = head.Select(h => h.StartsWith('#')).ToArray();
        html.Append("<table><tr>");
        for (var i = 0; i < head.Length; i++)
        {
            html.Append(numeric[i] ? "<th class=\"n\">" : "<th>").Append(Text(head[i].TrimStart('#'))).Append("</th>");
        }
        html.Append("</tr>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (var i = 0; i < row.Length; i++)
            {
                html.Append(i < numeric.Length && numeric[i] ? "<td class=\"n\">" : "<td>").Append(row[i]).Append("</td>");
            }
            html.Append("</tr>");
        }
        html.Append("</table>");
    }
}
