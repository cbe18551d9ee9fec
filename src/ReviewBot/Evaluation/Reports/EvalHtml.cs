using System.Security.Cryptography;
using System.Text;
using static ReviewBot.Evaluation.Reports.HtmlText;

namespace ReviewBot.Evaluation.Reports;

/// <summary>
/// The run as one self-contained HTML page: one style element (allowed by its hash in the page's own
/// Content-Security-Policy), inline SVG charts, no script, nothing loaded from anywhere, so it opens the same from a
/// file, an artifact store or a mail. Every text from a benchmark or a model is encoded, and only http(s) addresses
/// become links.
/// </summary>
public static class EvalHtml
{
    /// <summary>The page's only style; no element carries a style attribute, which the policy would refuse.</summary>
    public const string Style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:80em;padding:0 1em;color:#1f2328}
        h1{font-size:1.5em;margin:0}h2{font-size:1.15em;margin:1.8em 0 .5em}h3{font-size:1em;margin:1.2em 0 .4em}
        .meta{color:#59636e;margin:.3em 0 0}
        .headline{display:flex;gap:2.5em;margin:1.2em 0}.headline div{font-size:.9em;color:#59636e}
        .headline b{display:block;font-size:2em;color:#1f2328;font-variant-numeric:tabular-nums}
        table{border-collapse:collapse;width:100%;margin:.3em 0}
        th,td{text-align:left;padding:.3em .6em;border-bottom:1px solid #d1d9e0;vertical-align:top}
        th{font-weight:600;background:#f6f8fa}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
        .charts{display:flex;flex-wrap:wrap;gap:1em}.chart{margin:0;border:1px solid #d1d9e0;border-radius:6px;padding:.5em}
        figcaption{font-size:.9em;text-align:center;max-width:300px;overflow-wrap:anywhere}
        .pr-chart .plot{fill:#fff;stroke:#8c959f}.pr-chart .grid{stroke:#eaeef2}
        .pr-chart .iso{fill:none;stroke:#bf8700;stroke-dasharray:3 3;stroke-width:1}
        .pr-chart text{font:11px system-ui,sans-serif;fill:#59636e}.pr-chart .tick{text-anchor:middle}
        .pr-chart .end{text-anchor:end}.pr-chart .axis{text-anchor:middle;font-weight:600;fill:#1f2328}
        .pr-chart .iso-label{fill:#9a6700}.pr-chart .point{fill:#0969da;fill-opacity:.55;stroke:#0550ae}
        .pr-chart .pooled{fill:#cf222e;stroke:#82071e;stroke-width:1.5}.pr-chart .value{font-weight:700;fill:#82071e;font-size:12px}
        .pr-chart .point-label{font-size:10px}
        details summary{cursor:pointer;color:#0969da}ul.items{margin:.3em 0;padding-left:1.2em}
        ul.items li{margin:.25em 0;white-space:pre-wrap;overflow-wrap:anywhere}
        .tag{display:inline-block;font:600 11px ui-monospace,monospace;padding:0 .4em;border-radius:3px;background:#eaeef2;margin-right:.4em}
        .found .tag,.matched .tag{background:#dafbe1;color:#116329}.missed .tag,.unmatched .tag{background:#ffebe9;color:#a40e26}
        .clean{color:#59636e}.bad{color:#d1242f}.empty{color:#59636e}code{font:12px ui-monospace,monospace}
        """;

    /// <summary>The style as sent and hashed: LF line ends whatever the checkout made of the source, as the browser hashes it.</summary>
    public static string NormalizedStyle { get; } = Style.ReplaceLineEndings("\n");

    /// <summary>Nothing may load; the one style element runs by its hash; no form, no base, no frame.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(NormalizedStyle)))}'; base-uri 'none'; form-action 'none'";

    public static string Render(EvalReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Render(report, EvalScores.From(report));
    }

    /// <summary>With the scores already computed from the same <paramref name="report"/>.</summary>
    internal static string Render(EvalReport report, EvalScores scores)
    {
        var html = new StringBuilder();
        html.Append($"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="{ContentSecurityPolicy}">
            <meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer">
            <title>ReviewBot eval: {Text(scores.Benchmark, 80)}</title><style>{NormalizedStyle}</style></head><body>
            <h1>Review quality on {Text(scores.Benchmark, 120)}</h1>
            <p class="meta">model {Text(scores.Model, 120)} · judge {Text(scores.Judge, 120)} · finished {scores.Finished.UtcDateTime:yyyy-MM-dd HH:mm} UTC · {scores.Scored} PR(s) scored, {scores.Clean} clean, {scores.Errors} failed</p>
            <div class="headline"><div>precision<b id="precision">{N(scores.Overall.Precision)}</b></div><div>recall<b id="recall">{N(scores.Overall.Recall)}</b></div><div>F1<b id="f1">{N(scores.Overall.F1)}</b></div><div>found<b>{scores.Overall.Found}/{scores.Overall.Golden}</b></div></div>
            """);
        Charts(html, scores);
        EvalHtmlTables.Append(html, scores);
        EvalHtmlCases.Append(html, report);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Charts(StringBuilder html, EvalScores scores)
    {
        html.Append("<h2>Precision and recall per repository</h2>");
        if (scores.Repositories.Count == 0)
        {
            html.Append("<p class=\"empty\">No pull request was scored.</p>");
            return;
        }
        html.Append("<div class=\"charts\">");
        if (scores.Repositories.Count > 1)
        {
            html.Append(EvalChart.Plot("all repositories", scores.Overall, scores.Repositories.Select(r => (r.Repository, r.Score)), labelPoints: true));
        }
        foreach (var repository in scores.Repositories)
        {
            var prs = scores.Cases.Where(c => c.Error is null && c.Source != EvalSource.Clean && string.Equals(c.Repository, repository.Repository, StringComparison.OrdinalIgnoreCase));
            html.Append(EvalChart.Plot($"{repository.Repository} ({repository.Cases} PR{(repository.Cases == 1 ? "" : "s")})", repository.Score, prs.Select(c => (c.Title, c.Score))));
        }
        html.Append("</div>");
    }
}
