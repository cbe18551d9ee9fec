using System.Globalization;
using System.Text.RegularExpressions;

namespace ReviewBot.Tests.Telemetry;

/// <summary>Reads samples out of the Prometheus text exposition format a <c>/metrics</c> scrape answers.</summary>
public static partial class PrometheusText
{
    /// <summary>The sum of the samples named <paramref name="name"/> whose labels include all of <paramref name="labels"/>; 0 when none.</summary>
    public static double Sum(string text, string name, params (string Label, string Value)[] labels) =>
        Samples(text, name).Where(s => labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).Sum(s => s.Value);

    public static IEnumerable<(Dictionary<string, string> Labels, double Value)> Samples(string text, string name)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var line in text.Split('\n'))
        {
            var match = Sample().Match(line);
            if (!match.Success || match.Groups["name"].Value != name)
            {
                continue;
            }
            var labels = Label().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            yield return (labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture));
        }
    }

    // A label value may hold braces (a route template), so the label set ends at the first brace outside quotes.
    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>(?:[^""}]|""(?:[^""\\]|\\.)*"")*)\})? (?<value>\S+)")]
    private static partial Regex Sample();

    [GeneratedRegex("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Label();
}
