namespace ReviewBot.Reviews;

// What the model answers, read leniently: every field may be missing or wrong, and verification decides what survives.
#pragma warning disable CA1812 // Instantiated by the JSON serializer.

internal sealed class ModelReview
{
    public ModelIntent? Intent { get; set; }
    public List<ModelFinding>? Findings { get; set; }
}

internal sealed class ModelIntent
{
    public string? Verdict { get; set; }
    public string? Explanation { get; set; }
}

internal sealed class ModelFinding
{
    public string? Path { get; set; }
    public string? Side { get; set; }
    public int StartLine { get; set; }
    public int EndLine { get; set; }
    public string? Priority { get; set; }
    public double Confidence { get; set; }
    public string? Title { get; set; }
    public string? Explanation { get; set; }
    public List<ModelEvidence>? Evidence { get; set; }
    public string? Replacement { get; set; }
}

internal sealed class ModelEvidence
{
    public string? Path { get; set; }
    public int Line { get; set; }
    public string? Side { get; set; }
    public string? Quote { get; set; }
}

internal sealed class ModelVerdicts
{
    public List<ModelVerdict>? Verdicts { get; set; }
}

internal sealed class ModelVerdict
{
    public int Index { get; set; }
    public bool Keep { get; set; }
    public string? Reason { get; set; }
}
