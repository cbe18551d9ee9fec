using ReviewBot.Context;
using ReviewBot.Diff;

namespace ReviewBot.Reviews;

public sealed partial class ReviewEngine
{
    /// <summary>The compiler's errors as findings, verified like the model's, not doubled where the model says the same, capped.</summary>
    private static async Task<List<Finding>> CompilerFindingsAsync(EngineRun run, ChangeSet scope, IReadOnlyList<CompilerError> errors,
        List<Finding> modelFindings, CancellationToken cancellationToken)
    {
        var kept = new List<Finding>();
        if (errors.Count == 0)
        {
            return kept;
        }
        using var blobs = run.Snapshot.Repository.OpenBlobReader();
        var verifier = new FindingVerifier(scope, blobs);
        foreach (var error in errors)
        {
            var candidate = CompilerFindings.Candidate(error);
            var (finding, drop) = await verifier.VerifyAsync(candidate, cancellationToken);
            if (finding is not null && run.Snapshot.Since is { } since && !ChangedSince(since, finding))
            {
                (finding, drop) = (null, new("verification", $"line {error.Line} did not change since the last review", candidate.Title, error.Path, error.Line));
            }
            if (finding is not null && CompilerFindings.ReportedBy(modelFindings, error) is { } twin)
            {
                (finding, drop) = (null, new("deduplication", $"the model reports it too: \"{twin.Title}\"", candidate.Title, error.Path, error.Line));
            }
            if (finding is not null && kept.Count >= CompilerFindings.MaxFindings)
            {
                (finding, drop) = (null, new("limit", $"at most {CompilerFindings.MaxFindings} compiler errors are reported per review", candidate.Title, error.Path, error.Line));
            }
            if (finding is not null)
            {
                kept.Add(finding);
            }
            else
            {
                run.Drop(drop!);
            }
        }
        return kept;
    }
}
