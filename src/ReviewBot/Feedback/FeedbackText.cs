using System.Text;
using ReviewBot.Publishing;

namespace ReviewBot.Feedback;

/// <summary>
/// The rules as people read them: the listing of <c>@agent help</c>, the reply of <c>@agent forget</c>, and the block a
/// maintainer pastes into the repository's <c>AGENTS.md</c> review guidelines (which the engine reads at the base), so a
/// rule can outlive the store and be reviewed like code. Logins are defanged: listing a rule notifies nobody.
/// </summary>
public static class FeedbackText
{
    private const int MaxListed = 50;

    public static string Listing(IReadOnlyList<FeedbackRule> rules, string mention)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Count == 0)
        {
            return $"**Feedback rules:** none yet. A 👎 on a finding, a reply saying it is wrong, or a thread resolved without a change (by someone with write access) makes one, and the same finding is not posted again.";
        }
        var b = new StringBuilder($"**Feedback rules** ({rules.Count}): findings these match are not posted. `{mention} forget <id>` (or `{mention} forget all`) brings them back.\n\n")
            .Append("| id | path | claim | why |\n|---|---|---|---|\n");
        foreach (var rule in rules.Take(MaxListed))
        {
            b.Append($"| `{rule.Id}` | {Cell(MarkdownDefanger.Code(rule.Path))} | {Cell(Line(rule.Claim))} | {Cell(Line(rule.Why))} |\n");
        }
        if (rules.Count > MaxListed)
        {
            b.Append($"\n…and {rules.Count - MaxListed} more.\n");
        }
        return b.Append("\n<details><summary>Export to AGENTS.md</summary>\n\nPaste this into the repository's `AGENTS.md` (its lines go under the \"Review guidelines\" heading if there is one already); ReviewBot reads it at the base of every pull request:\n\n")
            .Append(Export(rules)).Append("\n</details>").ToString();
    }

    /// <summary>A fenced Markdown snippet: one guideline per rule, in words a reviewer (or the model) follows.</summary>
    public static string Export(IReadOnlyList<FeedbackRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var b = new StringBuilder("````markdown\n## Review guidelines\n\n");
        foreach (var rule in rules)
        {
            b.Append($"- In `{Plain(rule.Path)}`, do not report \"{Plain(rule.Claim)}\": the maintainers rejected it ({Plain(rule.Why)}; rule {rule.Id}).\n");
        }
        return b.Append("````\n").ToString();
    }

    public static string Forgotten(IReadOnlyList<FeedbackRule> removed, string asked, IReadOnlyList<FeedbackRule> remaining, string mention)
    {
        ArgumentNullException.ThrowIfNull(removed);
        ArgumentNullException.ThrowIfNull(remaining);
        if (asked.Length == 0)
        {
            return $"Say which rule to forget: `{mention} forget <id>` or `{mention} forget all`. {(remaining.Count == 0 ? "There are no rules." : $"The rules: {string.Join(", ", remaining.Take(20).Select(r => $"`{r.Id}`"))}.")}";
        }
        if (removed.Count == 0)
        {
            return $"There is no feedback rule {MarkdownDefanger.Code(asked)} in this repository. {(remaining.Count == 0 ? "It has no rules." : $"Its rules: {string.Join(", ", remaining.Take(20).Select(r => $"`{r.Id}`"))}; `{mention} help` lists them.")}";
        }
        var b = new StringBuilder($"Forgot {removed.Count} feedback rule(s); those findings are posted again when they are found:\n\n");
        foreach (var rule in removed.Take(MaxListed))
        {
            b.Append($"- `{rule.Id}` {MarkdownDefanger.Code(rule.Path)} {Line(rule.Claim)} ({Line(rule.Why)})\n");
        }
        return b.ToString();
    }

    private static string Line(string text) => MarkdownDefanger.Strict.Line(text, 300);

    /// <summary>Inside the fence nothing renders, so no defanging; only what would end the fence or the line goes.</summary>
    private static string Plain(string text) => text.Replace('\n', ' ').Replace('`', '\'').Trim();

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
