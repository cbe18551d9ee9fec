using System.Text;
using static ReviewBot.Evaluation.Reports.HtmlText;

namespace ReviewBot.Evaluation.Reports;

/// <summary>
/// A precision/recall chart as inline SVG: recall across, precision up, dashed curves of equal F1, a dot per PR (or per
/// repository) with its numbers as a tooltip, and the pooled score as a larger dot labelled with its F1.
/// </summary>
internal static class EvalChart
{
    private const double Left = 44, Top = 12, Side = 236;
    private static readonly double[] IsoF1 = [0.2, 0.4, 0.6, 0.8];

    public static string Plot(string title, Score pooled, IEnumerable<(string Label, Score Score)> points, bool labelPoints = false)
    {
        var svg = new StringBuilder();
        svg.Append($"<figure class=\"chart\"><svg class=\"pr-chart\" viewBox=\"0 0 300 296\" width=\"300\" height=\"296\" role=\"img\" aria-label=\"precision and recall: {Text(title)}\">");
        Frame(svg);
        foreach (var (label, score) in points)
        {
            var (x, y) = At(score);
            svg.Append($"<circle class=\"point\" cx=\"{C(x)}\" cy=\"{C(y)}\" r=\"4.5\"><title>{Text(label)}: precision {N(score.Precision)}, recall {N(score.Recall)}, F1 {N(score.F1)}</title></circle>");
            if (labelPoints)
            {
                var left = x > Left + Side / 2;
                svg.Append($"<text class=\"point-label{(left ? " end" : "")}\" x=\"{C(x + (left ? -7 : 7))}\" y=\"{C(y + (y < Top + 10 ? 14 : -6))}\">{Text(label, 24)}</text>");
            }
        }
        var (px, py) = At(pooled);
        var right = px > Left + Side * 0.6;
        svg.Append($"<circle class=\"pooled\" cx=\"{C(px)}\" cy=\"{C(py)}\" r=\"7\"><title>pooled: precision {N(pooled.Precision)}, recall {N(pooled.Recall)}, F1 {N(pooled.F1)}</title></circle>")
            .Append($"<text class=\"value{(right ? " end" : "")}\" x=\"{C(px + (right ? -11 : 11))}\" y=\"{C(Math.Max(py - 9, Top + 12))}\">F1 {N(pooled.F1)}</text>")
            .Append("</svg>")
            .Append($"<figcaption><b>{Text(title, 80)}</b><br>precision {N(pooled.Precision)} · recall {N(pooled.Recall)} · F1 {N(pooled.F1)}</figcaption></figure>");
        return svg.ToString();
    }

    private static void Frame(StringBuilder svg)
    {
        svg.Append($"<rect class=\"plot\" x=\"{C(Left)}\" y=\"{C(Top)}\" width=\"{C(Side)}\" height=\"{C(Side)}\"></rect>");
        foreach (var v in new[] { 0.25, 0.5, 0.75 })
        {
            var (x, y) = At(v, v);
            svg.Append($"<line class=\"grid\" x1=\"{C(x)}\" y1=\"{C(Top)}\" x2=\"{C(x)}\" y2=\"{C(Top + Side)}\"></line>")
                .Append($"<line class=\"grid\" x1=\"{C(Left)}\" y1=\"{C(y)}\" x2=\"{C(Left + Side)}\" y2=\"{C(y)}\"></line>");
        }
        foreach (var f in IsoF1)
        {
            Iso(svg, f);
        }
        foreach (var v in new[] { 0.0, 0.5, 1.0 })
        {
            var (x, y) = At(v, v);
            svg.Append($"<text class=\"tick\" x=\"{C(x)}\" y=\"{C(Top + Side + 14)}\">{v:0.0}</text>")
                .Append($"<text class=\"tick end\" x=\"{C(Left - 5)}\" y=\"{C(y + 4)}\">{v:0.0}</text>");
        }
        svg.Append($"<text class=\"axis\" x=\"{C(Left + Side / 2)}\" y=\"{C(Top + Side + 32)}\">recall</text>")
            .Append($"<text class=\"axis\" transform=\"translate(12 {C(Top + Side / 2)}) rotate(-90)\">precision</text>");
    }

    /// <summary>The points of equal F1 <paramref name="f"/>: precision = f·r / (2r − f), from where it reaches 1 to recall 1.</summary>
    private static void Iso(StringBuilder svg, double f)
    {
        var from = f / (2 - f);
        var points = Enumerable.Range(0, 25).Select(i => from + (1 - from) * i / 24).Select(r => At(f * r / (2 * r - f), r));
        svg.Append("<polyline class=\"iso\" points=\"").AppendJoin(' ', points.Select(p => $"{C(p.X)},{C(p.Y)}")).Append("\"></polyline>");
        var (lx, ly) = At(f / (2 - f), 1);
        svg.Append($"<text class=\"iso-label\" x=\"{C(lx + 3)}\" y=\"{C(ly + 3)}\">{f:0.0}</text>");
    }

    private static (double X, double Y) At(Score s) => At(s.Precision, s.Recall);

    private static (double X, double Y) At(double precision, double recall) => (Left + recall * Side, Top + (1 - precision) * Side);
}
