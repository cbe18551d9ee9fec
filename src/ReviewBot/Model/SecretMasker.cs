using System.Text.RegularExpressions;

namespace ReviewBot.Model;

/// <summary>
/// Masks secrets of well-known shapes (private key blocks, GitHub/OpenAI/AWS/Slack/Google/GitLab/Stripe tokens) before code
/// reaches a model. Line breaks are kept, so line numbers still hold; the same input always masks the same way, so
/// evidence quoted from masked code can still be checked against masked code.
/// </summary>
public static partial class SecretMasker
{
    private static readonly (string Kind, Regex Pattern)[] Patterns =
    [
        ("GitHub token", GitHubToken()),
        ("GitHub fine-grained token", GitHubPat()),
        ("OpenAI key", OpenAiKey()),
        ("AWS access key", AwsKey()),
        ("Slack token", SlackToken()),
        ("Google API key", GoogleKey()),
        ("GitLab token", GitLabToken()),
        ("Stripe key", StripeKey()),
    ];

    /// <summary>The masked text and how many secrets of which kind were masked.</summary>
    public static MaskResult Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<string>();
        var masked = PrivateKey().Replace(text, match =>
        {
            found.Add("private key");
            // Keep the line count: every line of the block becomes a marker line.
            var lines = match.Value.Split('\n');
            return string.Join('\n', lines.Select((_, i) => i == 0 ? "[masked: private key]" : "[masked]"));
        });
        foreach (var (kind, pattern) in Patterns)
        {
            masked = pattern.Replace(masked, _ =>
            {
                found.Add(kind);
                return $"[masked: {kind}]";
            });
        }
        return new MaskResult(masked, found);
    }

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"\bgh[pousr]_[A-Za-z0-9]{36,255}\b")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\bgithub_pat_[A-Za-z0-9_]{22,255}\b")]
    private static partial Regex GitHubPat();

    [GeneratedRegex(@"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,}\b")]
    private static partial Regex OpenAiKey();

    [GeneratedRegex(@"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")]
    private static partial Regex AwsKey();

    [GeneratedRegex(@"\bxox[abposr]-[A-Za-z0-9\-]{10,}\b")]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"\bAIza[0-9A-Za-z_\-]{35}\b")]
    private static partial Regex GoogleKey();

    [GeneratedRegex(@"\bglpat-[A-Za-z0-9_\-]{20,}\b")]
    private static partial Regex GitLabToken();

    [GeneratedRegex(@"\b(?:sk|rk)_live_[A-Za-z0-9]{20,}\b")]
    private static partial Regex StripeKey();
}

public sealed record MaskResult(string Text, IReadOnlyList<string> Masked)
{
    public bool AnyMasked => Masked.Count > 0;
}
