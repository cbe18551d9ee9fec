using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ReviewBot.Feedback;
using ReviewBot.Jobs;
using ReviewBot.Spending;

namespace ReviewBot.Status;

/// <summary>What the status page shows, gathered for one request.</summary>
public sealed record StatusView(
    string Instance,
    string Version,
    TimeSpan Uptime,
    DateTimeOffset At,
    HealthReport Health,
    string Model,
    IReadOnlyList<Job> Waiting,
    IReadOnlyList<WorkRecord> Recent,
    IReadOnlyList<SpendStanding> Spend,
    bool HasLimits)
{
    /// <summary>What each repository's people accepted and rejected, and the rules that made, from the feedback store.</summary>
    public IReadOnlyList<FeedbackStanding> Feedback { get; init; } = [];
}

/// <summary>
/// The status page as one self-contained HTML document: one style element, no script, nothing loaded from elsewhere, so
/// it reads the same offline, behind a proxy, or with JavaScript off. Every value is encoded: repository names and outcome
/// texts come from outside.
/// </summary>
public static class StatusPage
{
    /// <summary>The page's only style, whose hash the Content-Security-Policy allows.</summary>
    public const string Style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#1f2328}
        h1{font-size:1.5em;margin:0}h2{font-size:1.1em;margin:1.6em 0 .5em}
        .meta{color:#59636e;margin:.3em 0 0}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35em .6em;border-bottom:1px solid #d1d9e0;vertical-align:top}
        th{font-weight:600;background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
        code{font:12px ui-monospace,monospace}
        .ok{color:#1a7f37}.warn{color:#9a6700}.bad{color:#d1242f}.empty{color:#59636e}
        """;

    /// <summary>The style as sent and hashed: with LF line ends whatever the checkout made of the source, as the browser hashes it.</summary>
    public static string NormalizedStyle { get; } = Style.ReplaceLineEndings("\n");

    public static string Render(StatusView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
            <title>ReviewBot status</title><style>{NormalizedStyle}</style></head><body>
            <h1>ReviewBot status: <span class="{Css(view.Health.Status)}">{Text(view.Health.Status.ToString())}</span></h1>
            <p class="meta">{Text(view.Instance)} · version {Text(view.Version)} · up {Duration(view.Uptime)} · {view.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC</p>
            """);
        Health(html, view);
        Spend(html, view);
        Feedback(html, view.Feedback);
        Queue(html, view.Waiting);
        Recent(html, view.Recent);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Health(StringBuilder html, StatusView view)
    {
        html.Append("<h2>Health</h2><table><tr><th>part</th><th>state</th><th>detail</th></tr>");
        foreach (var (name, entry) in view.Health.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Text(name)}</td><td class=\"{Css(entry.Status)}\">{Text(entry.Status.ToString())}</td><td>{Text(entry.Description ?? "")}</td></tr>");
        }
        html.Append(CultureInfo.InvariantCulture, $"<tr><td>model</td><td>{(view.Model.Length > 0 ? "<span class=\"ok\">configured</span>" : "<span class=\"bad\">not configured</span>")}</td><td>{Text(view.Model)}</td></tr></table>");
    }

    private static void Spend(StringBuilder html, StatusView view)
    {
        html.Append("<h2>Spend against limits</h2>");
        if (!view.HasLimits)
        {
            html.Append("<p class=\"empty\">No token limits are set (Spend:*); tokens are counted all the same.</p>");
            return;
        }
        if (view.Spend.Count == 0)
        {
            html.Append("<p class=\"empty\">Nothing reviewed since this instance started, so no budget to show.</p>");
            return;
        }

        html.Append("<table><tr><th>budget</th><th>spent</th><th>limit</th><th>used</th><th>resets (UTC)</th></tr>");
        foreach (var s in view.Spend.DistinctBy(s => (s.Limit.Scope, s.Limit.Period, s.Limit.Scope == SpendScope.Installation ? s.Account.InstallationId?.ToString(CultureInfo.InvariantCulture) : $"{s.Account.Owner}/{s.Account.Repository}".ToLowerInvariant())))
        {
            var who = s.Limit.Scope == SpendScope.Installation ? $"installation {s.Account.InstallationId}" : $"{s.Account.Owner}/{s.Account.Repository}";
            var used = (double)s.Spent / s.Limit.Tokens;
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Text(who)}, per {s.Limit.Period.ToString().ToLowerInvariant()}</td><td class=\"n\">{s.Spent:N0}</td><td class=\"n\">{s.Limit.Tokens:N0}</td><td class=\"n {(used >= 1 ? "bad" : used >= 0.8 ? "warn" : "ok")}\">{used:P0}</td><td>{s.Resets.UtcDateTime:yyyy-MM-dd HH:mm}</td></tr>");
        }
        html.Append("</table>");
    }

    private static void Feedback(StringBuilder html, IReadOnlyList<FeedbackStanding> feedback)
    {
        html.Append("<h2>Feedback</h2>");
        if (feedback.Count == 0)
        {
            html.Append("<p class=\"empty\">No finding has been accepted or rejected yet.</p>");
            return;
        }

        html.Append("<table><tr><th>repository</th><th>accepted</th><th>rejected</th><th>rules</th></tr>");
        foreach (var f in feedback)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Text(f.Repository)}</td><td class=\"n\">{f.Accepted}</td><td class=\"n\">{f.Rejected}</td><td class=\"n\">{f.Rules}</td></tr>");
        }
        html.Append("</table>");
    }

    private static void Queue(StringBuilder html, IReadOnlyList<Job> waiting)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h2>Queue: {waiting.Count} waiting</h2>");
        if (waiting.Count == 0)
        {
            html.Append("<p class=\"empty\">Nothing is waiting.</p>");
            return;
        }

        html.Append("<table><tr><th>kind</th><th>pull request</th><th>head</th></tr>");
        foreach (var job in waiting.Take(20))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Text(job.Kind.ToString().ToLowerInvariant())}</td><td>{Text(job.Key)}</td><td><code>{Text(Short(job.HeadSha))}</code></td></tr>");
        }
        html.Append("</table>");
    }

    private static void Recent(StringBuilder html, IReadOnlyList<WorkRecord> recent)
    {
        html.Append("<h2>Recent reviews and fixes</h2>");
        if (recent.Count == 0)
        {
            html.Append("<p class=\"empty\">None since this instance started.</p>");
            return;
        }

        html.Append("<table><tr><th>finished (UTC)</th><th>what</th><th>pull request</th><th>head</th><th>findings</th><th>tokens</th><th>took</th><th>outcome</th></tr>");
        foreach (var r in recent)
        {
            var pull = Text($"{r.Repository}#{r.Number}");
            var link = r.Link is null ? pull : $"<a href=\"{Text(r.Link.AbsoluteUri)}\">{pull}</a>";
            html.Append(CultureInfo.InvariantCulture, $"""
                <tr><td>{r.FinishedAt.UtcDateTime:MM-dd HH:mm:ss}</td><td>{Text(r.Kind)}</td><td>{link}</td><td><code>{Text(Short(r.HeadSha))}</code></td><td class="n">{(r.Findings is { } f ? f.ToString(CultureInfo.InvariantCulture) : "–")}</td><td class="n">{r.Tokens:N0}</td><td class="n">{Duration(r.Duration)}</td><td class="{OutcomeCss(r.Outcome)}">{Text(r.Outcome)}</td></tr>
                """);
        }
        html.Append("</table>");
    }

    private static string Css(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "ok",
        HealthStatus.Degraded => "warn",
        _ => "bad",
    };

    private static string OutcomeCss(string outcome) => outcome switch
    {
        "success" or "pushed" => "ok",
        "failure" or "failed" => "bad",
        _ => "warn",
    };

    private static string Short(string? sha) => sha is { Length: > 12 } ? sha[..12] : sha ?? "";

    private static string Duration(TimeSpan span) => span.TotalSeconds < 60
        ? span.TotalSeconds.ToString("0.0 's'", CultureInfo.InvariantCulture)
        : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s" : $"{(int)span.TotalHours} h {span.Minutes} min";

    private static string Text(string value) => HtmlEncoder.Default.Encode(value);
}
