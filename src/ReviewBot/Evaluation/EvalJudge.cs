using ReviewBot.Model;

namespace ReviewBot.Evaluation;

/// <summary>
/// The judge model, asked the way the Martian Code Review Bench asks it (withmartian/code-review-benchmark, MIT: the
/// prompts in Evaluation/Prompts are its step 2 <c>EXTRACT_PROMPT</c> and step 3 <c>JUDGE_PROMPT</c>, with their system
/// messages). Each candidate is judged against each golden comment, and a golden comment is matched by its most confident
/// matching candidate. The benchmark's texts go in unfenced, as Martian sends them, so scores stay comparable: the
/// judge's answer only ever becomes a score, never an action.
/// </summary>
public sealed class EvalJudge(ModelClient client, int concurrency)
{
    /// <summary>Martian's step 2 skips shorter review text: too short to hold an issue.</summary>
    public const int MinimumSummaryLength = 20;

    private const string MatchSystem = "You are a precise code review evaluator. Always respond with valid JSON.";
    private const string ExtractSystem = "You extract code review issues from comments. Always respond with valid JSON.";

    private static readonly ModelSchema MatchSchema = new("match_result", "Whether the candidate is the golden comment's issue", """
        {"type":"object","properties":{"reasoning":{"type":"string"},"match":{"type":"boolean"},"confidence":{"type":"number"}},"required":["reasoning","match","confidence"],"additionalProperties":false}
        """);

    private static readonly ModelSchema ExtractSchema = new("extracted_issues", "The distinct issues a review comment raises", """
        {"type":"object","properties":{"issues":{"type":"array","items":{"type":"string"}}},"required":["issues"],"additionalProperties":false}
        """);

    public string Name => client.ModelName;

    /// <summary>The distinct issues <paramref name="summary"/> raises; none when it states no problem.</summary>
    public async Task<JudgeExtraction> ExtractAsync(string summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Trim().Length < MinimumSummaryLength)
        {
            return new([], TokenUsage.None, null);
        }
        var prompt = new ModelPrompt(ExtractSystem, null, Prompts.Get("judge-extract").Replace("{comment}", summary, StringComparison.Ordinal));
        var answer = await client.CompleteAsync<IssuesAnswer>(prompt, ExtractSchema, cancellationToken);
        var issues = answer.Value?.Issues?.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).ToList() ?? [];
        return new(issues, answer.Usage, answer.Succeeded ? null : answer.Failure);
    }

    /// <summary>Every candidate against every golden comment; the best-confidence match of each golden comment.</summary>
    public async Task<JudgeMatching> MatchAsync(IReadOnlyList<GoldenComment> golden, IReadOnlyList<EvalCandidate> candidates,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(golden);
        ArgumentNullException.ThrowIfNull(candidates);
        var pairs = golden.SelectMany((_, g) => candidates.Select((_, c) => (Golden: g, Candidate: c))).ToList();
        var verdicts = new (MatchAnswer? Answer, string? Failure)[pairs.Count];
        var usage = TokenUsage.None;
        var gate = new Lock();
        await Parallel.ForEachAsync(Enumerable.Range(0, pairs.Count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var request = Prompts.Get("judge-match")
                    .Replace("{golden_comment}", golden[pairs[i].Golden].Comment, StringComparison.Ordinal)
                    .Replace("{candidate}", candidates[pairs[i].Candidate].Text, StringComparison.Ordinal);
                var answer = await client.CompleteAsync<MatchAnswer>(new ModelPrompt(MatchSystem, null, request), MatchSchema, token);
                verdicts[i] = (answer.Value, answer.Succeeded ? null : answer.Failure);
                lock (gate)
                {
                    usage += answer.Usage;
                }
            });

        var matches = new List<JudgedMatch>();
        foreach (var group in pairs.Select((pair, i) => (pair, verdicts[i].Answer)).GroupBy(p => p.pair.Golden))
        {
            // Martian's rule: the first most confident matching candidate wins; a match with confidence 0 is no match.
            var best = group.Where(p => p.Answer is { Match: true, Confidence: > 0 })
                .OrderByDescending(p => p.Answer!.Confidence).FirstOrDefault();
            if (best.Answer is { } answer)
            {
                matches.Add(new JudgedMatch(group.Key, best.pair.Candidate, Math.Clamp(answer.Confidence, 0, 1), answer.Reasoning ?? ""));
            }
        }
        var failures = verdicts.Select(v => v.Failure).OfType<string>().ToList();
        return new(matches, usage, failures.Count, failures.FirstOrDefault());
    }

    private sealed record MatchAnswer(string? Reasoning, bool Match, double Confidence);

    private sealed record IssuesAnswer(IReadOnlyList<string>? Issues);
}

/// <summary>The issues split from a summary, what it cost, and why the judge gave none when it failed.</summary>
public sealed record JudgeExtraction(IReadOnlyList<string> Issues, TokenUsage Usage, string? Failure);

/// <summary>The matches found, what they cost, and how many comparisons got no usable answer (with the first reason).</summary>
public sealed record JudgeMatching(IReadOnlyList<JudgedMatch> Matches, TokenUsage Usage, int Failures, string? FirstFailure);
