using System.Globalization;
using System.Text;

namespace ReviewBot.Evaluation.Reports;

/// <summary>
/// The scores as the terminal shows them: fixed-width sections, no line over <see cref="Width"/> columns. Names and
/// errors come from benchmarks and models, so control characters (a terminal's escape sequences) are blanked and long
/// text is cut.
/// </summary>
public static class EvalTable
{
    public const int Width = 100;

    private const string ScoreHeader = "precision  recall      F1  found/golden  candidates";

    public static string Render(EvalScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var b = new StringBuilder();
        Line(b, $"ReviewBot eval of {scores.Benchmark}: model {scores.Model}, judge {scores.Judge}, finished {scores.Finished.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        Line(b, $"{scores.Scored} PR(s) scored, {scores.Clean} clean, {scores.Errors} failed (in no score).");
        Overall(b, scores);
        Repositories(b, scores.Repositories);
        Severities(b, scores.Severities);
        EvalTableCalibration.Append(b, scores.Calibration);
        Clean(b, scores.CleanCases);
        Fabricated(b, scores.Fabricated);
        EvalTableSpend.Append(b, scores.Tokens);
        Errors(b, scores.Cases);
        return b.ToString();
    }

    private static void Overall(StringBuilder b, EvalScores s)
    {
        Line(b, "");
        Line(b, $"{"overall",-34}{ScoreHeader}");
        ScoreLine(b, "pooled over PRs (micro)", s.Overall);
        Line(b, $"{"mean per PR (macro)",-34}{N(s.Macro.Precision),9}{N(s.Macro.Recall),8}{N(s.Macro.F1),8}  over {s.Macro.PrecisionCases} PR(s), {s.Macro.RecallCases} with golden");
    }

    private static void Repositories(StringBuilder b, IReadOnlyList<RepositoryScore> repositories)
    {
        Line(b, "");
        Line(b, $"{"repository",-28}{"PRs",4}  {ScoreHeader}");
        foreach (var r in repositories)
        {
            ScoreLine(b, $"{Fit(r.Repository, 27),-28}{r.Cases,4}", r.Score);
        }
    }

    private static void Severities(StringBuilder b, IReadOnlyList<SeverityRecall> severities)
    {
        Line(b, "");
        Line(b, $"{"severity (of golden comments)",-34}{"golden",9}{"found",8}{"recall",8}");
        foreach (var s in severities)
        {
            Line(b, $"{Fit(s.Severity, 33),-34}{s.Golden,9}{s.Found,8}{N(s.Recall),8}");
        }
    }

    private static void Clean(StringBuilder b, CleanScore clean)
    {
        Line(b, "");
        if (clean.Cases == 0)
        {
            Line(b, "clean PRs: none in this run.");
            return;
        }
        Line(b, $"clean PRs: {clean.Cases} reviewed, {N(clean.FindingsPerCase)} finding(s) per PR, {clean.SummaryIssues} issue(s) in summaries.");
        Line(b, clean.MaxCase is null ? "  none had a finding." : $"  most findings: {clean.MaxFindings}, on {clean.MaxCase}");
    }

    private static void Fabricated(StringBuilder b, FabricatedScore f)
    {
        Line(b, "");
        Line(b, $"fabricated evidence: {f.Fabricated} finding(s) dropped for quotes not in the code against {f.Findings} kept: rate {N(f.Rate)}.");
    }

    private static void Errors(StringBuilder b, IReadOnlyList<CaseScore> cases)
    {
        var failed = cases.Where(c => c.Error is not null).ToList();
        if (failed.Count == 0)
        {
            return;
        }
        Line(b, "");
        Line(b, $"failed, in no score ({failed.Count}):");
        foreach (var c in failed)
        {
            Line(b, Fit($"  {c.Id}: {c.Error}", Width));
        }
    }

    internal static void ScoreLine(StringBuilder b, string label, Score s) =>
        Line(b, $"{Fit(label, 33),-34}{N(s.Precision),9}{N(s.Recall),8}{N(s.F1),8}{$"{s.Found}/{s.Golden}",14}{s.Candidates,12}");

    internal static void Line(StringBuilder b, string text) => b.Append(Fit(text, Width)).Append('\n');

    internal static string N(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    internal static string N(double? value) => value is { } v ? N(v) : "-";

    /// <summary>One line of at most <paramref name="width"/> characters: control and bidirectional-override characters become spaces.</summary>
    internal static string Fit(string text, int width)
    {
        return UntrustedText.Cut(UntrustedText.Blank(text), width);
    }
}
