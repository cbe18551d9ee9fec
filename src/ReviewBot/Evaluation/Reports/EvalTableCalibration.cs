using System.Text;
using static ReviewBot.Evaluation.Reports.EvalTable;

namespace ReviewBot.Evaluation.Reports;

/// <summary>The calibration section of the terminal table: precision per bucket, then what each threshold would have scored.</summary>
internal static class EvalTableCalibration
{
    public static void Append(StringBuilder b, Calibration calibration)
    {
        Buckets(b, "calibration by priority", calibration.ByPriority);
        Buckets(b, "calibration by confidence", calibration.ByConfidence);
        Thresholds(b, "had only these findings been kept", calibration.IfConfidenceAtLeast.Concat(calibration.IfPriorityAtMost));
        Line(b, "(issues split from the summary have no priority or confidence: they stay in every row above)");
    }

    private static void Buckets(StringBuilder b, string title, IReadOnlyList<CalibrationRow> rows)
    {
        Line(b, "");
        Line(b, $"{title,-34}{"candidates",11}{"matched",9}{"precision",11}");
        foreach (var r in rows)
        {
            Line(b, $"{Fit(r.Bucket, 33),-34}{r.Candidates,11}{r.Matched,9}{N(r.Precision),11}");
        }
    }

    private static void Thresholds(StringBuilder b, string title, IEnumerable<ThresholdRow> rows)
    {
        Line(b, "");
        Line(b, $"{title,-34}precision  recall      F1  found/golden  candidates");
        foreach (var r in rows)
        {
            ScoreLine(b, r.Keep, r.Score);
        }
    }
}
