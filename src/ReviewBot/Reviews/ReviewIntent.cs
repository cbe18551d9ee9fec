using System.Text.RegularExpressions;
using ReviewBot.Workspace;

namespace ReviewBot.Reviews;

/// <summary>What the author says the change is for: the title, the body, the linked issues and the commit messages.</summary>
public sealed record ReviewIntent(string Title, string Body, IReadOnlyList<LinkedIssue> Issues, IReadOnlyList<CommitInfo> Commits)
{
    public static ReviewIntent Empty { get; } = new("", "", [], []);
}

public sealed record LinkedIssue(string Owner, string Repository, int Number, string? Title, string? Body);

/// <summary>Issue references in text: <c>#123</c>, <c>owner/repo#45</c> and issue URLs, with or without a closing keyword.</summary>
public static partial class IssueReferences
{
    public static IReadOnlyList<(string Owner, string Repository, int Number)> Parse(string owner, string repository, params string?[] texts)
    {
        var found = new List<(string, string, int)>();
        foreach (var text in texts)
        {
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }
            foreach (Match match in Reference().Matches(text))
            {
                var o = match.Groups["owner"].Success ? match.Groups["owner"].Value : match.Groups["uowner"].Success ? match.Groups["uowner"].Value : owner;
                var r = match.Groups["repo"].Success ? match.Groups["repo"].Value : match.Groups["urepo"].Success ? match.Groups["urepo"].Value : repository;
                var n = int.Parse(match.Groups["number"].Success ? match.Groups["number"].Value : match.Groups["unumber"].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (n > 0 && !found.Contains((o, r, n)))
                {
                    found.Add((o, r, n));
                }
            }
        }
        return found;
    }

    [GeneratedRegex(@"(?:(?<![\w/])(?:(?<owner>[A-Za-z0-9][A-Za-z0-9-]{0,38})/(?<repo>[A-Za-z0-9._-]{1,100}))?#(?<number>\d{1,9})\b)|(?:https://github\.com/(?<uowner>[A-Za-z0-9-]+)/(?<urepo>[A-Za-z0-9._-]+)/(?:issues|pull)/(?<unumber>\d{1,9}))")]
    private static partial Regex Reference();
}
