using System.Globalization;
using ReviewBot.Evaluation;
using ReviewBot.Evaluation.Reports;
using ReviewBot.Model;
using ReviewBot.Reviews;

namespace ReviewBot.Cli;

/// <summary>
/// <c>reviewbot eval</c>: ReviewBot's own engine over a benchmark, judged by a second model. Writes OUT/report.json (the
/// <see cref="EvalReport"/>), OUT/candidates.json (Martian's shape), OUT/scores.json and OUT/report.html (the scores and the
/// self-contained page) and the per-case cache, and prints the scores' table and a summary line.
/// </summary>
public static class EvalCommand
{
    public const string Usage = "usage: reviewbot eval (--martian DIR | --swe-prbench FILE | --clean FILE) [--repos DIR] [--work DIR] [--out DIR] [--limit N] [--github-url URL] [--priority P0..P3] [--confidence 0..1]";

    private static readonly string[] Benchmarks = ["--martian", "--swe-prbench", "--clean"];

    private static readonly HashSet<string> ValueOptions =
    [
        "--martian", "--swe-prbench", "--clean", "--repos", "--work", "--out", "--limit", "--github-url", "--priority", "--confidence",
        "--price-in", "--price-cached", "--price-out", "--price-judge-in", "--price-judge-out",
    ];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = CliArguments.Parse(args, ValueOptions, new HashSet<string>());
        var (benchmark, cases, needsJudge) = ReadBenchmark(options);
        if (options.PositiveNumber("--limit") is { } limit)
        {
            cases = [.. cases.Take(limit)];
        }
        var model = services.GetRequiredService<IOptions<ModelOptions>>().Value;
        if (!model.IsConfigured)
        {
            throw new CliFailureException("no model is configured: set Model__Endpoint and Model__Name (and Model__ApiKey if the server needs one), as for reviewbot review.");
        }
        var judgeOptions = services.GetRequiredService<IOptions<JudgeOptions>>().Value;
        if (needsJudge && !judgeOptions.IsConfigured)
        {
            throw new CliFailureException("no judge is configured: set Judge__Endpoint and Judge__Name (and Judge__ApiKey if the server needs one); the judge matches findings to golden comments.");
        }

        var threshold = Threshold(options);
        var outDirectory = Path.GetFullPath(options.Value("--out") ?? "reviewbot-eval");
        var runner = new EvalRunner(services.GetRequiredService<ReviewEngine>(),
            EvaluationExtensions.CreateRepositories(services, FullPath(options.Value("--repos")), Path.GetFullPath(options.Value("--work") ?? Path.Combine(outDirectory, "work")), GitHubUrl(options)),
            judgeOptions.IsConfigured ? EvaluationExtensions.CreateJudge(services) : null,
            new EvalCache(outDirectory, threshold is null ? model.Name! : $"{model.Name}@{threshold.Key}"), services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<EvalRunner>>())
        {
            Threshold = threshold,
        };

        var progress = EvalProgress.Wanted(error) ? new EvalProgress(error, cases.Count) : null;
        IReadOnlyList<CaseResult> results;
        try
        {
            results = await runner.RunAsync(cases, progress is null ? null : progress.Finished, cancellationToken);
        }
        finally
        {
            progress?.Finish();
        }
        var report = new EvalReport(benchmark, model.Name!, judgeOptions.IsConfigured ? judgeOptions.Name! : "", services.GetRequiredService<TimeProvider>().GetUtcNow(), results)
        {
            Prices = Prices(options),
        };
        await EvalJson.WriteAtomicAsync(Path.Combine(outDirectory, "report.json"), report, cancellationToken);
        await EvalJson.WriteAtomicAsync(Path.Combine(outDirectory, "candidates.json"), MartianCandidates.Build(results), cancellationToken);
        var written = await EvalOutputs.WriteAsync(report, outDirectory, cancellationToken);
        await output.WriteLineAsync(written.Table);
        await output.WriteLineAsync(Summary(report, outDirectory));
        await output.WriteLineAsync($"scores in {written.JsonPath}, report page in {written.HtmlPath}");
        // 3, as for an incomplete review: some cases have no result, so the scores leave them out.
        return results.Any(r => r.Error is not null) ? 3 : 0;
    }

    private static (string Name, IReadOnlyList<EvalCase> Cases, bool NeedsJudge) ReadBenchmark(CliArguments options)
    {
        var given = Benchmarks.Where(options.Has).ToList();
        if (given.Count != 1)
        {
            throw new CliUsageException(given.Count == 0 ? "give one benchmark: --martian, --swe-prbench or --clean." : $"give one benchmark, not {string.Join(" and ", given)}.");
        }
        var path = Path.GetFullPath(options.Value(given[0])!);
        return given[0] switch
        {
            "--martian" => ($"martian:{Path.GetFileName(path.TrimEnd(Path.DirectorySeparatorChar))}", MartianBenchmark.Read(path), true),
            "--swe-prbench" => ($"swe-prbench:{Path.GetFileName(path)}", SwePrBenchmark.Read(path), true),
            _ => ($"clean:{Path.GetFileName(path)}", CleanPullRequests.Read(path), false),
        };
    }

    /// <summary>Both or neither: the one not given keeps the default's value (P1, 0.7), as a repository's file would.</summary>
    private static EvalThreshold? Threshold(CliArguments options)
    {
        var (priority, confidence) = (options.Value("--priority"), options.Value("--confidence"));
        if (priority is null && confidence is null)
        {
            return null;
        }
        var defaults = RepositorySettings.Default;
        var p = priority is null ? defaults.MaxPriority
            : Enum.TryParse<Priority>(priority, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && priority.Length == 2 ? parsed
            : throw new CliUsageException($"--priority must be P0, P1, P2 or P3 (was \"{priority}\").");
        var c = confidence is null ? defaults.MinConfidence
            : double.TryParse(confidence, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1 ? value
            : throw new CliUsageException($"--confidence must be a number from 0 to 1, such as 0.5 (was \"{confidence}\").");
        return new EvalThreshold(p, c);
    }

    private static string? FullPath(string? path) => path is null ? null : Path.GetFullPath(path);

    private static Uri GitHubUrl(CliArguments options)
    {
        var value = options.Value("--github-url") ?? "https://github.com";
        return Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "https" or "http" or "file"
            ? url
            : throw new CliUsageException($"--github-url must be an absolute https, http or file URL (was \"{value}\").");
    }

    private static EvalPrices? Prices(CliArguments options)
    {
        decimal? Price(string name)
        {
            var value = options.Value(name);
            if (value is null)
            {
                return null;
            }
            return decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var price) && price >= 0
                ? price
                : throw new CliUsageException($"{name} must be dollars per million tokens, such as 1.25 (was \"{value}\").");
        }
        var (input, cached, output, judgeIn, judgeOut) = (Price("--price-in"), Price("--price-cached"), Price("--price-out"), Price("--price-judge-in"), Price("--price-judge-out"));
        if (input is null && cached is null && output is null && judgeIn is null && judgeOut is null)
        {
            return null;
        }
        return new EvalPrices(input ?? 0, cached ?? input ?? 0, output ?? 0, judgeIn ?? input ?? 0, judgeOut ?? output ?? 0);
    }

    private static string Summary(EvalReport report, string outDirectory)
    {
        var cases = report.Cases;
        var ran = cases.Where(c => c.Error is null).ToList();
        var tokens = cases.Aggregate(EvalTokens.None, (sum, c) => sum.Add(c.Tokens));
        return string.Create(CultureInfo.InvariantCulture,
            $"eval {report.Benchmark}: {ran.Count} of {cases.Count} case(s) ran, {cases.Count - ran.Count} failed; " +
            $"{ran.Sum(c => c.Candidates.Count)} candidate(s), {ran.Sum(c => c.Matches.Count)} of {ran.Sum(c => c.Case.Golden.Count)} golden comment(s) matched, " +
            $"{ran.Sum(c => c.Fabricated)} fabricated; tokens {tokens.Input:N0} in / {tokens.Output:N0} out, judge {tokens.JudgeInput:N0} in / {tokens.JudgeOutput:N0} out; " +
            $"report in {Path.Combine(outDirectory, "report.json")}");
    }
}
