using System.Text.RegularExpressions;

namespace ReviewBot.Benchmarks.Engine;

/// <summary>
/// The commit rule of the context benchmark, applied to a fixed snapshot so that it always picks the same commits: walking
/// the first-parent line back from the snapshot, the latest <c>count</c> non-merge commits whose subject matches
/// <c>/\bfix/i</c>, that change 2–10 files, at least one of them a non-test source file in the repository's main language.
/// Nothing is picked by hand.
/// </summary>
internal static partial class CommitRule
{
    public const int MinFiles = 2, MaxFiles = 10;

    public static async Task<List<string>> PickAsync(string gitDir, string snapshot, BenchLanguage language, int count)
    {
        var picked = new List<string>();
        var log = await BenchGit.LinesAsync(gitDir, "log", "--first-parent", "--no-merges", "--format=%H%x09%P%x09%s", "-n", "3000", snapshot);
        foreach (var entry in log.Select(l => l.Split('\t', 3)).Where(e => e.Length == 3 && e[1].Length > 0 && Fix().IsMatch(e[2])))
        {
            var files = await BenchGit.LinesAsync(gitDir, "diff-tree", "-r", "--no-commit-id", "--name-only", "--no-renames", entry[0]);
            if (files.Count is >= MinFiles and <= MaxFiles && files.Any(f => BenchLanguage.Of(f) == language && !language.IsTest(f)))
            {
                picked.Add(entry[0]);
                if (picked.Count == count)
                {
                    break;
                }
            }
        }
        return picked;
    }

    [GeneratedRegex(@"\bfix", RegexOptions.IgnoreCase)]
    private static partial Regex Fix();
}
