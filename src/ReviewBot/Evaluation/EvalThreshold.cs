using System.Globalization;
using ReviewBot.Reviews;

namespace ReviewBot.Evaluation;

/// <summary>The findings an eval run keeps: this priority or higher, at this confidence or more.</summary>
public sealed record EvalThreshold(Priority Priority, double Confidence)
{
    /// <summary>A name for the cache's folder: results reviewed at another threshold are other results.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Priority}-{Confidence:0.##}");
}
