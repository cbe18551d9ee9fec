using System.Globalization;
using System.Text;
using static ReviewBot.Evaluation.Reports.HtmlText;

namespace ReviewBot.Evaluation.Reports;

/// <summary>
/// One row per pull request, linked to it, and under it what the benchmark expected (found or missed) and what the
/// review raised (matched or not): where to look when a number disappoints.
/// </summary>
internal static class EvalHtmlCases
{
    private const int Columns = 9;

    public static void Append(StringBuilder html, EvalReport report)
    {
        html.Append("<h2>Pull requests</h2><table id=\"cases\"><tr><th>pull request</th><th>repository</th><th class=\"n\">precision</th><th class=\"n\">recall</th><th class=\"n\">F1</th><th class=\"n\">found/golden</th><th class=\"n\">candidates</th><th class=\"n\">fabricated</th><th class=\"n\">took</th></tr>");
        foreach (var result in report.Cases)
        {
            var row = CaseScore.Of(result);
            html.Append("<tr class=\"case\"><td>").Append(Link(row.Url, row.Title.Length > 0 ? row.Title : row.Id)).Append("</td><td>").Append(Text(row.Repository)).Append("</td>");
            html.Append(Numbers(row)).Append("</tr>");
            Detail(html, result);
        }
        html.Append("</table>");
    }

    private static string Numbers(CaseScore row)
    {
        var took = EvalTableSpend.Duration(row.Seconds);
        if (row.Error is not null)
        {
            return $"<td colspan=\"6\" class=\"bad\">failed, in no score: {Text(row.Error, 500)}</td><td class=\"n\">{took}</td>";
        }
        var s = row.Score;
        var scores = row.Source == EvalSource.Clean
            ? $"<td colspan=\"4\" class=\"clean\">clean: {row.Findings} finding(s)</td>"
            : $"<td class=\"n\">{N(s.Precision)}</td><td class=\"n\">{N(s.Recall)}</td><td class=\"n\">{N(s.F1)}</td><td class=\"n\">{s.Found}/{s.Golden}</td>";
        return $"{scores}<td class=\"n\">{s.Candidates}</td><td class=\"n\">{row.Fabricated}</td><td class=\"n\">{took}</td>";
    }

    private static void Detail(StringBuilder html, CaseResult result)
    {
        if (result.Case.Golden.Count == 0 && result.Candidates.Count == 0 && result.Notes.Count == 0)
        {
            return;
        }
        var matches = new CaseMatches(result);
        html.Append($"<tr class=\"detail\"><td colspan=\"{Columns}\"><details><summary>{result.Case.Golden.Count} golden comment(s), {result.Candidates.Count} candidate(s)</summary>");
        if (result.Case.Golden.Count > 0)
        {
            html.Append("<h3>What the benchmark expects</h3><ul class=\"items\">");
            for (var i = 0; i < result.Case.Golden.Count; i++)
            {
                var g = result.Case.Golden[i];
                var state = result.Error is not null ? "not judged" : matches.FoundGolden.Contains(i) ? "found" : "missed";
                html.Append($"<li class=\"{(state == "found" ? "found" : "missed")}\"><span class=\"tag\">{state} · {Text(SeverityRecall.Label(g.Severity), 20)}</span>{Text(g.Comment, 4000)}</li>");
            }
            html.Append("</ul>");
        }
        Candidates(html, result, matches);
        foreach (var note in result.Notes)
        {
            html.Append("<p class=\"meta\">note: ").Append(Text(note, 1000)).Append("</p>");
        }
        html.Append("</details></td></tr>");
    }

    private static void Candidates(StringBuilder html, CaseResult result, CaseMatches matches)
    {
        if (result.Candidates.Count == 0)
        {
            return;
        }
        html.Append("<h3>What the review raised</h3><ul class=\"items\">");
        for (var i = 0; i < result.Candidates.Count; i++)
        {
            var c = result.Candidates[i];
            var matched = matches.IsMatched(i);
            var tag = c.Origin == CandidateOrigin.Summary
                ? "summary"
                : $"{c.Priority ?? "P?"} {c.Confidence?.ToString("0.00", CultureInfo.InvariantCulture) ?? ""}".Trim();
            var where = c.Path is null ? "" : $"<code>{Text(c.Path, 200)}{(c.Line is { } line ? $":{line}" : "")}</code> ";
            html.Append($"<li class=\"{(matched ? "matched" : "unmatched")}\"><span class=\"tag\">{(matched ? "matched" : "unmatched")} · {Text(tag, 24)}</span>{where}{Text(c.Text, 4000)}</li>");
        }
        html.Append("</ul>");
    }
}
