using System.Text;
using static ReviewBot.Evaluation.Reports.EvalTableSpend;

namespace ReviewBot.Evaluation.Reports;

/// <summary>The HTML report's tokens, time and cost.</summary>
internal static class EvalHtmlSpend
{
    public static void Append(StringBuilder html, TokenScore tokens)
    {
        var t = tokens.Total;
        var m = tokens.PerCase;
        html.Append("<h2>Tokens and cost</h2>");
        EvalHtmlTables.Table(html, ["", "#input", "#cached input", "#output", "#judge input", "#judge output"], [
            ["total", $"{t.Input:N0}", $"{t.CachedInput:N0}", $"{t.Output:N0}", $"{t.JudgeInput:N0}", $"{t.JudgeOutput:N0}"],
            ["per PR", $"{m.Input:N0}", $"{m.CachedInput:N0}", $"{m.Output:N0}", $"{m.JudgeInput:N0}", $"{m.JudgeOutput:N0}"],
        ]);
        html.Append($"<p>Time: {Duration(tokens.Seconds)} in all over {tokens.Cases} PR(s), {Duration(tokens.SecondsPerCase)} per PR. ")
            .Append(tokens.Cost is { } c
                ? $"Cost: <b>{Dollars(c.Total)}</b> ({Dollars(c.Review)} review, {Dollars(c.Judge)} judge), {Dollars(c.PerCase)} per PR.</p>"
                : "Cost: not priced.</p>");
    }
}
