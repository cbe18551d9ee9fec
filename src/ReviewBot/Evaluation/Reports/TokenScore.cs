namespace ReviewBot.Evaluation.Reports;

/// <summary>
/// What the run spent, over every case, failed ones included (their tokens were spent all the same): the reviewing
/// model's tokens and the judge's, the time, and the dollars when the user gave prices.
/// </summary>
/// <param name="Cost">Null when the run was not priced.</param>
public sealed record TokenScore(EvalTokens Total, int Cases, double Seconds, EvalCost? Cost)
{
    public TokenMeans PerCase => Cases == 0
        ? new(0, 0, 0, 0, 0)
        : new((double)Total.Input / Cases, (double)Total.CachedInput / Cases, (double)Total.Output / Cases, (double)Total.JudgeInput / Cases, (double)Total.JudgeOutput / Cases);

    public double SecondsPerCase => Cases == 0 ? 0 : Seconds / Cases;

    internal static TokenScore Of(IReadOnlyList<CaseResult> cases, EvalPrices? prices)
    {
        var total = cases.Aggregate(EvalTokens.None, (sum, c) => sum.Add(c.Tokens));
        return new(total, cases.Count, cases.Sum(c => c.Elapsed.TotalSeconds), prices is null ? null : EvalCost.Of(total, prices, cases.Count));
    }
}

/// <summary>Tokens per case, on average.</summary>
public sealed record TokenMeans(double Input, double CachedInput, double Output, double JudgeInput, double JudgeOutput);

/// <summary>Dollars: the review (what the same PRs would cost in production) apart from the judge (what measuring cost).</summary>
public sealed record EvalCost(decimal Review, decimal Judge, int Cases)
{
    private const decimal Million = 1_000_000m;

    public decimal Total => Review + Judge;

    public decimal PerCase => Cases == 0 ? 0 : Total / Cases;

    /// <summary>Input counts cached input too (as the OpenAI API reports it), so only the uncached part pays the full input price.</summary>
    internal static EvalCost Of(EvalTokens t, EvalPrices p, int cases)
    {
        var cached = Math.Min(t.CachedInput, t.Input);
        var review = ((t.Input - cached) * p.Input + cached * p.CachedInput + t.Output * p.Output) / Million;
        var judge = (t.JudgeInput * p.JudgeInput + t.JudgeOutput * p.JudgeOutput) / Million;
        return new(review, judge, cases);
    }
}
