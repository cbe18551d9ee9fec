using System.Text;
using ReviewBot.Model;

namespace ReviewBot.Reviews;

/// <summary>The second opinion on verified findings, and one intent verdict from the parts' verdicts.</summary>
public sealed partial class ReviewEngine
{
    private async Task<(List<Finding> Kept, List<DroppedFinding> Rejected, TokenUsage Usage, string? Note)> SecondOpinionAsync(
        List<Finding> findings, string verifierModel, SecretTally masked, CancellationToken cancellationToken)
    {
        var candidates = new StringBuilder();
        for (var i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            candidates.Append("## Candidate ").Append(i).Append('\n')
                .Append(f.Path).Append(':').Append(f.StartLine).Append('-').Append(f.EndLine).Append(" (").Append(f.Side).Append(") ")
                .Append(f.Priority).Append(": ").Append(f.Title).Append('\n').Append(f.Explanation).Append('\n');
            foreach (var e in f.Evidence)
            {
                candidates.Append("evidence ").Append(e.Path).Append(':').Append(e.Line).Append(":\n").Append(e.Quote).Append('\n');
            }
        }
        var fence = UntrustedFence.Create();
        var answer = await model.CompleteAsync<ModelVerdicts>(ReviewPrompt.ForVerification(candidates.ToString(), fence),
            ReviewSchemas.Verification, cancellationToken, verifierModel, masked);
        if (answer.Value?.Verdicts is not { } verdicts)
        {
            return (findings, [], answer.Usage, $"The second-opinion check gave no usable answer ({answer.Failure}); findings were kept as verified.");
        }
        var kept = new List<Finding>();
        var rejected = new List<DroppedFinding>();
        for (var i = 0; i < findings.Count; i++)
        {
            var verdict = verdicts.FirstOrDefault(v => v.Index == i);
            if (verdict is { Keep: false })
            {
                rejected.Add(new("second-opinion", $"the verifier model rejected it: {verdict.Reason}", findings[i].Title, findings[i].Path, findings[i].StartLine));
            }
            else
            {
                kept.Add(findings[i]);
            }
        }
        return (kept, rejected, answer.Usage, null);
    }

    private static IntentVerdict MergeIntent(IReadOnlyList<ModelIntent?> intents, int chunks, int answered)
    {
        if (chunks == 0)
        {
            return IntentVerdict.Unknown("Nothing reviewable changed.");
        }
        var verdicts = intents.Where(i => i is not null)
            .Select(i => (Kind: Parse(i!.Verdict), Explanation: i!.Explanation?.Trim() ?? ""))
            .ToList();
        if (verdicts.Count == 0)
        {
            return IntentVerdict.Unknown("The model gave no usable answer, so the change was not checked against its description.");
        }
        // The most serious verdict of any part stands for the whole; "unclear" only when no part could tell.
        var order = new[] { IntentVerdictKind.Mismatch, IntentVerdictKind.Partial, IntentVerdictKind.Matches, IntentVerdictKind.Unclear };
        var kind = order.First(k => verdicts.Any(v => v.Kind == k));
        var explanation = string.Join(" ", verdicts.Where(v => v.Kind == kind && v.Explanation.Length > 0).Select(v => v.Explanation).Distinct().Take(3));
        if (answered < chunks)
        {
            explanation += $" ({chunks - answered} of {chunks} parts could not be checked.)";
        }
        return new IntentVerdict(kind, explanation.Trim());
    }

    private static IntentVerdictKind Parse(string? verdict) => verdict?.Trim().ToLowerInvariant() switch
    {
        "matches" => IntentVerdictKind.Matches,
        "partial" => IntentVerdictKind.Partial,
        "mismatch" => IntentVerdictKind.Mismatch,
        _ => IntentVerdictKind.Unclear,
    };
}
