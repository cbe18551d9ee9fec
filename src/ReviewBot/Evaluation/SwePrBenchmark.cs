using System.Text;

namespace ReviewBot.Evaluation;

/// <summary>
/// SWE-PRBench (FoundryHQ-AI/swe-prbench, data CC BY 4.0): <c>prs.jsonl</c>, one pull request per line, and the human
/// review comments in <c>annotations/{task_id}_human.json</c> beside it (the dataset's layout, from the harness README).
/// </summary>
/// <remarks>
/// What is established from the published harness and its reports: the layout above, <c>task_id</c> (such as
/// <c>agents__3608</c>), <c>pr_number</c>, and human comment ids like <c>c_1</c>. The loader that reads the rest
/// (eval_harness/loader.py) is not in the public repository, and the dataset is on Hugging Face, so the other field
/// names could not be checked. This reader takes the names such records usually have and says which it wants when one
/// is missing: <c>repo</c> (owner/name), <c>title</c> or <c>pr_title</c>, <c>base_commit</c>/<c>head_commit</c> (or
/// <c>base_sha</c>/<c>head_sha</c>); comments as an array (or an object's <c>comments</c> or <c>human_comments</c>), each
/// with <c>body</c> or <c>comment</c>, and optional <c>path</c>/<c>file</c>, <c>line</c>, <c>severity</c>. A record may also
/// carry its comments inline as <c>human_comments</c>.
/// </remarks>
public static class SwePrBenchmark
{
    public static IReadOnlyList<EvalCase> Read(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var annotations = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, "annotations");
        var text = BenchmarkInput.ReadText(file);
        var cases = new List<EvalCase>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }
            var where = $"{file}: line {i + 1}";
            using var record = BenchmarkInput.Parse(Encoding.UTF8.GetBytes(lines[i]), where);
            var c = Case(record.RootElement, where, annotations);
            if (!seen.Add(c.Id))
            {
                throw new BenchmarkInputException($"{where}: the task {c.Id} is given twice.");
            }
            cases.Add(c);
        }
        return cases.Count > 0 ? cases : throw new BenchmarkInputException($"{file}: no pull requests in it.");
    }

    private static EvalCase Case(JsonElement entry, string where, string annotations)
    {
        BenchmarkInput.RequireObject(entry, where);
        var task = BenchmarkInput.RequiredString(entry, "task_id", where);
        where = $"{where} ({task})";
        var repository = BenchmarkInput.RequiredString(entry, "repo", where);
        if (!BenchmarkInput.IsRepository(repository))
        {
            throw new BenchmarkInputException($"{where}: 'repo' must be owner/name, not \"{repository}\".");
        }
        var number = BenchmarkInput.OptionalInt(entry, "pr_number", where)
            ?? throw new BenchmarkInputException($"{where}: 'pr_number' is missing; it must be a positive whole number.");
        var title = BenchmarkInput.OptionalString(entry, "title", where) ?? BenchmarkInput.OptionalString(entry, "pr_title", where) ?? "";
        var golden = entry.TryGetProperty("human_comments", out var inline) && inline.ValueKind != JsonValueKind.Null
            ? Comments(inline, where)
            : AnnotationComments(Path.Combine(annotations, $"{task}_human.json"), where);
        return new EvalCase(task, EvalSource.SwePrBench, repository, title, golden)
        {
            Url = $"https://github.com/{repository}/pull/{number}",
            BaseSha = BenchmarkInput.OptionalString(entry, "base_commit", where) ?? BenchmarkInput.OptionalString(entry, "base_sha", where),
            HeadSha = BenchmarkInput.OptionalString(entry, "head_commit", where) ?? BenchmarkInput.OptionalString(entry, "head_sha", where),
        };
    }

    private static IReadOnlyList<GoldenComment> AnnotationComments(string file, string where)
    {
        if (!File.Exists(file))
        {
            throw new BenchmarkInputException($"{where}: no human comments: neither 'human_comments' in the record nor the file {file}.");
        }
        using var document = BenchmarkInput.Parse(BenchmarkInput.ReadBytes(file), file);
        return Comments(document.RootElement, file);
    }

    private static IReadOnlyList<GoldenComment> Comments(JsonElement value, string where)
    {
        var list = value.ValueKind switch
        {
            JsonValueKind.Array => value,
            JsonValueKind.Object when value.TryGetProperty("comments", out var c) => BenchmarkInput.RequiredArray(value, "comments", where),
            JsonValueKind.Object => BenchmarkInput.RequiredArray(value, "human_comments", where),
            _ => throw new BenchmarkInputException($"{where}: the human comments must be an array, not {BenchmarkInput.Kind(value)}."),
        };
        var comments = list.EnumerateArray().Select((c, i) => Comment(c, $"{where}: comment {i + 1}")).ToList();
        return comments.Count > 0 ? comments : throw new BenchmarkInputException($"{where}: no human comments; a benchmark pull request needs at least one.");
    }

    private static GoldenComment Comment(JsonElement comment, string where)
    {
        BenchmarkInput.RequireObject(comment, where);
        var text = BenchmarkInput.OptionalString(comment, "body", where) ?? BenchmarkInput.OptionalString(comment, "comment", where);
        if (string.IsNullOrEmpty(text))
        {
            throw new BenchmarkInputException($"{where}: 'body' (or 'comment') is missing or empty; it must be a string.");
        }
        return new GoldenComment(text, BenchmarkInput.OptionalString(comment, "severity", where))
        {
            Path = BenchmarkInput.OptionalString(comment, "path", where) ?? BenchmarkInput.OptionalString(comment, "file", where),
            Line = BenchmarkInput.OptionalInt(comment, "line", where),
        };
    }
}
