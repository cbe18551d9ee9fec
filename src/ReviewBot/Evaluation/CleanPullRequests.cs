using System.Text.RegularExpressions;

namespace ReviewBot.Evaluation;

/// <summary>
/// A set of changes the user says are sound: one <c>owner/name commit</c> per line, blank lines and <c>#</c> comments
/// allowed. Each is reviewed as the commit against its first parent; every finding on it is noise.
/// </summary>
public static partial class CleanPullRequests
{
    public static IReadOnlyList<EvalCase> Read(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var lines = BenchmarkInput.ReadText(file).Split('\n');
        var cases = new List<EvalCase>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts is not [var repository, var commit] || !BenchmarkInput.IsRepository(repository) || !Commit().IsMatch(commit))
            {
                throw new BenchmarkInputException($"{file}: line {i + 1}: expected \"owner/name commit\" (a commit id of 7 to 40 hex digits), not \"{Shorten(line)}\".");
            }
            var id = $"{repository}@{commit.ToLowerInvariant()}";
            if (seen.Add(id))
            {
                cases.Add(new EvalCase(id, EvalSource.Clean, repository, "", []) { HeadSha = commit.ToLowerInvariant() });
            }
        }
        return cases.Count > 0 ? cases : throw new BenchmarkInputException($"{file}: no \"owner/name commit\" lines in it.");
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    [GeneratedRegex("^[0-9a-fA-F]{7,40}$")]
    private static partial Regex Commit();
}
