using System.Globalization;
using System.Text;
using static ReviewBot.Evaluation.Reports.EvalTable;

namespace ReviewBot.Evaluation.Reports;

/// <summary>The tokens, time and cost section of the terminal table.</summary>
internal static class EvalTableSpend
{
    public static void Append(StringBuilder b, TokenScore tokens)
    {
        var t = tokens.Total;
        var m = tokens.PerCase;
        Line(b, "");
        Line(b, $"{"tokens",-14}{"input",14}{"cached",14}{"output",14}{"judge in",14}{"judge out",14}");
        Line(b, $"{"total",-14}{t.Input,14:N0}{t.CachedInput,14:N0}{t.Output,14:N0}{t.JudgeInput,14:N0}{t.JudgeOutput,14:N0}");
        Line(b, $"{"per PR",-14}{m.Input,14:N0}{m.CachedInput,14:N0}{m.Output,14:N0}{m.JudgeInput,14:N0}{m.JudgeOutput,14:N0}");
        Line(b, $"time: {Duration(tokens.Seconds)} in all over {tokens.Cases} PR(s), {Duration(tokens.SecondsPerCase)} per PR.");
        Line(b, tokens.Cost is { } c
            ? $"cost: {Dollars(c.Total)} ({Dollars(c.Review)} review, {Dollars(c.Judge)} judge), {Dollars(c.PerCase)} per PR."
            : "cost: not priced.");
    }

    internal static string Dollars(decimal value) => value.ToString(value < 1 ? "$0.0000" : "$#,##0.00", CultureInfo.InvariantCulture);

    internal static string Duration(double seconds) => seconds < 60
        ? seconds.ToString("0.0 's'", CultureInfo.InvariantCulture)
        : seconds < 3600 ? $"{(int)(seconds / 60)} min {(int)seconds % 60} s" : $"{(int)(seconds / 3600)} h {(int)(seconds % 3600 / 60)} min";
}
