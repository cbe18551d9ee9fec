
namespace ReviewBot.Evaluation;

/// <summary>
/// The Martian Code Review Bench's golden comments: a folder <c>golden_comments/*.json</c>, each file an array of
/// <c>{ "pr_title", "url", "comments": [{ "comment", "severity" }] }</c> (other fields, such as <c>original_url</c> and
/// <c>az_comment</c>, are ignored). The case's id is the PR's URL, as the benchmark's own candidates file keys it.
/// </summary>
public static class MartianBenchmark
{
    /// <param name="folder">The benchmark's <c>offline</c> folder (holding golden_comments/), or golden_comments itself.</param>
    public static IReadOnlyList<EvalCase> Read(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var golden = Directory.Exists(Path.Combine(folder, "golden_comments")) ? Path.Combine(folder, "golden_comments") : folder;
        if (!Directory.Exists(golden))
        {
            throw new BenchmarkInputException($"{folder}: no such folder.");
        }
        var files = Directory.GetFiles(golden, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new BenchmarkInputException($"{golden}: no golden comment files (*.json).");
        }
        var cases = new List<EvalCase>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var c in ReadFile(file))
            {
                if (!seen.TryAdd(c.Id, file))
                {
                    throw new BenchmarkInputException($"{file}: the pull request {c.Id} is also in {seen[c.Id]}.");
                }
                cases.Add(c);
            }
        }
        return cases;
    }

    public static IReadOnlyList<EvalCase> ReadFile(string file)
    {
        using var document = BenchmarkInput.Parse(BenchmarkInput.ReadBytes(file), file);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new BenchmarkInputException($"{file}: must be a JSON array of pull requests, not {BenchmarkInput.Kind(document.RootElement)}.");
        }
        return [.. document.RootElement.EnumerateArray().Select((entry, i) => Case(entry, $"{file}: entry {i + 1}"))];
    }

    private static EvalCase Case(JsonElement entry, string where)
    {
        BenchmarkInput.RequireObject(entry, where);
        var url = BenchmarkInput.RequiredString(entry, "url", where);
        where = $"{where} ({url})";
        var (repository, _) = BenchmarkInput.PullRequest(url, where);
        var title = BenchmarkInput.RequiredString(entry, "pr_title", where);
        var comments = BenchmarkInput.RequiredArray(entry, "comments", where);
        var golden = comments.EnumerateArray().Select((comment, i) => Golden(comment, $"{where}: comment {i + 1}")).ToList();
        if (golden.Count == 0)
        {
            throw new BenchmarkInputException($"{where}: 'comments' is empty; a benchmark pull request needs at least one golden comment.");
        }
        return new EvalCase(url, EvalSource.Martian, repository, title, golden) { Url = url };
    }

    private static GoldenComment Golden(JsonElement comment, string where)
    {
        BenchmarkInput.RequireObject(comment, where);
        return new GoldenComment(BenchmarkInput.RequiredString(comment, "comment", where), BenchmarkInput.OptionalString(comment, "severity", where));
    }
}
