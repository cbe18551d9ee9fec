using ReviewBot.Evaluation;

namespace ReviewBot.Tests.Evaluation.Reports;

/// <summary>Hand-built eval runs: cases in the Martian benchmark's terms, the review's candidates and the judge's matches.</summary>
internal static class EvalReports
{
    public static readonly DateTimeOffset Finished = new(2026, 12, 2, 14, 0, 0, TimeSpan.Zero);

    public static EvalCase Martian(string repository, int number, params (string Comment, string? Severity)[] golden) =>
        new($"https://github.com/{repository}/pull/{number}", EvalSource.Martian, repository, $"Pull request {number}", golden.Select(g => new GoldenComment(g.Comment, g.Severity)).ToList())
        {
            Url = $"https://github.com/{repository}/pull/{number}",
        };

    public static EvalCase Clean(string repository, string commit) =>
        new($"{repository}@{commit}", EvalSource.Clean, repository, $"{repository} at {commit}", []);

    public static EvalCandidate Finding(string text, string? priority = "P1", double? confidence = 0.8, string path = "src/app.py", int line = 10) =>
        new(text, path, line, CandidateOrigin.Finding, priority, confidence);

    public static EvalCandidate Summary(string text) => new(text, null, null, CandidateOrigin.Summary, null, null);

    /// <param name="matches">(golden index, candidate index) pairs the judge called the same issue.</param>
    public static CaseResult Result(EvalCase @case, IReadOnlyList<EvalCandidate> candidates, params (int Golden, int Candidate)[] matches) =>
        new(@case, candidates, matches.Select(m => new JudgedMatch(m.Golden, m.Candidate, 0.9, "same issue")).ToList(), 0, EvalTokens.None, TimeSpan.FromSeconds(2), null);

    public static CaseResult Failed(EvalCase @case, string error) =>
        new(@case, [], [], 0, new EvalTokens(1_000, 0, 0, 0, 0), TimeSpan.FromSeconds(1), error);

    public static EvalReport Report(params CaseResult[] cases) => new("martian", "review-model", "judge-model", Finished, cases);

    /// <summary>Two PRs in two repositories whose every golden comment one finding matches, and nothing else.</summary>
    public static EvalReport Perfect() => Report(
        Result(Martian("grafana/grafana", 79265, ("Race condition on the device count check", "High"), ("Anonymous auth fails at the limit", "Medium")),
            [Finding("Concurrent requests pass the device check"), Finding("TagDevice error now fails anonymous auth", "P2", 0.7)], (0, 0), (1, 1)),
        Result(Martian("getsentry/sentry", 1, ("Null dereference of the span", "Critical")), [Finding("span may be None here", "P0", 0.95)], (0, 0)));
}
