using ReviewBot.Reviews;

namespace ReviewBot.Evaluation;

/// <summary>What of a review the judge sees, the Martian way, and what of it the verifier caught making things up.</summary>
public static class EvalCandidates
{
    /// <summary>Every verified finding, line-anchored or file-level, as it is.</summary>
    public static IReadOnlyList<EvalCandidate> FromFindings(ReviewResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return [.. result.Findings.Select(f => new EvalCandidate($"{f.Title}: {f.Explanation}", f.Path, f.FileLevel ? null : f.StartLine,
            CandidateOrigin.Finding, f.Priority.ToString(), f.Confidence))];
    }

    /// <summary>
    /// What the review body says beyond its findings: the intent verdict's explanation, when the verdict says the change
    /// falls short of its purpose. A change that does what it says, or a verdict the model could not reach, states no
    /// problem, so there is nothing to split.
    /// </summary>
    public static string? Summary(ReviewResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Intent.Verdict is IntentVerdictKind.Partial or IntentVerdictKind.Mismatch && !string.IsNullOrWhiteSpace(result.Intent.Explanation)
            ? result.Intent.Explanation.Trim()
            : null;
    }

    public static IReadOnlyList<EvalCandidate> FromSummary(IReadOnlyList<string> issues) =>
        [.. issues.Select(i => new EvalCandidate(i, null, null, CandidateOrigin.Summary, null, null))];

    /// <summary>
    /// The findings the verifier dropped for evidence that is not in the code, a path not in the change, or lines the
    /// change does not touch: the fabricated-evidence count.
    /// </summary>
    public static int Fabricated(ReviewResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Dropped.Count(d => d.Stage == "verification" && d.Cause is "evidence-not-found" or "path-not-in-change" or "outside-change");
    }
}
