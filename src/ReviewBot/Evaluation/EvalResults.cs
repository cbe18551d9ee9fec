namespace ReviewBot.Evaluation;

/// <summary>One comment a benchmark says a good review makes (Martian's golden comment, SWE-PRBench's human comment).</summary>
/// <param name="Severity">As the benchmark writes it (Martian: Critical, High, Medium, Low); null when it has none.</param>
public sealed record GoldenComment(string Comment, string? Severity)
{
    /// <summary>Where the benchmark anchors it, when it does (SWE-PRBench does, Martian does not).</summary>
    public string? Path { get; init; }

    public int? Line { get; init; }
}

/// <summary>Which kind of benchmark a case came from.</summary>
public enum EvalSource
{
    Martian,
    SwePrBench,
    Clean,
}

/// <summary>
/// One pull request to review: its repository and commits, and what a good review of it says. A clean case has no golden
/// comments: the user says the change is sound, so every finding on it is noise.
/// </summary>
/// <param name="Id">Stable across runs (the PR's URL, or <c>repo@commit</c> for a clean case): the resume cache's key.</param>
/// <param name="Repository">owner/name as the benchmark names it.</param>
public sealed record EvalCase(string Id, EvalSource Source, string Repository, string Title, IReadOnlyList<GoldenComment> Golden)
{
    /// <summary>The PR's web address, when the benchmark gives one.</summary>
    public string? Url { get; init; }

    /// <summary>Base and head commits, when the benchmark names them; otherwise the runner reads them from the clone.</summary>
    public string? BaseSha { get; init; }

    public string? HeadSha { get; init; }

    public bool IsClean => Source == EvalSource.Clean;
}

/// <summary>How a candidate issue came out of the review.</summary>
public enum CandidateOrigin
{
    /// <summary>A line-anchored (or file-level) finding, taken as it is.</summary>
    Finding,

    /// <summary>One distinct issue split out of the review's summary text by the judge model.</summary>
    Summary,
}

/// <summary>One issue the review raised, as the judge sees it.</summary>
/// <param name="Priority">P0–P3 for findings; null for issues split from the summary.</param>
/// <param name="Confidence">The finding's confidence, 0–1; null for issues split from the summary.</param>
public sealed record EvalCandidate(string Text, string? Path, int? Line, CandidateOrigin Origin, string? Priority, double? Confidence);

/// <summary>The judge said candidate <paramref name="Candidate"/> describes the same underlying issue as golden comment <paramref name="Golden"/> (indexes).</summary>
public sealed record JudgedMatch(int Golden, int Candidate, double Confidence, string Reasoning);

/// <summary>Tokens one case cost: the reviewing model's, and the judge's.</summary>
public sealed record EvalTokens(long Input, long CachedInput, long Output, long JudgeInput, long JudgeOutput)
{
    public static EvalTokens None { get; } = new(0, 0, 0, 0, 0);

    public EvalTokens Add(EvalTokens other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Input + other.Input, CachedInput + other.CachedInput, Output + other.Output, JudgeInput + other.JudgeInput, JudgeOutput + other.JudgeOutput);
    }
}

/// <summary>
/// One case reviewed and judged. <paramref name="Fabricated"/> counts the findings the engine's verifier dropped because
/// their quoted evidence is not in the code, or their lines are not in the change: the fabricated-evidence rate's numerator.
/// A case that could not be run (a clone failed, the model was unreachable) has <paramref name="Error"/> and no candidates,
/// and counts in no score.
/// </summary>
public sealed record CaseResult(
    EvalCase Case,
    IReadOnlyList<EvalCandidate> Candidates,
    IReadOnlyList<JudgedMatch> Matches,
    int Fabricated,
    EvalTokens Tokens,
    TimeSpan Elapsed,
    string? Error)
{
    /// <summary>The engine's notes (an incomplete review says so here).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>A whole run: what was reviewed, with which models, and each case's result.</summary>
/// <param name="Benchmark">A name for the benchmark (the folder or file it was read from).</param>
/// <param name="Model">The reviewing model's name.</param>
/// <param name="Judge">The judge model's name.</param>
public sealed record EvalReport(string Benchmark, string Model, string Judge, DateTimeOffset Finished, IReadOnlyList<CaseResult> Cases)
{
    /// <summary>Price per million tokens (input, cached input, output) when the user gave one, to report a cost.</summary>
    public EvalPrices? Prices { get; init; }
}

/// <summary>Dollars per million tokens.</summary>
public sealed record EvalPrices(decimal Input, decimal CachedInput, decimal Output, decimal JudgeInput, decimal JudgeOutput);
