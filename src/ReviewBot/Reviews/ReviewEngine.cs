using ReviewBot.Context;
using ReviewBot.Diff;
using ReviewBot.Model;
using ReviewBot.Telemetry;

namespace ReviewBot.Reviews;

/// <summary>
/// From a pull-request snapshot to verified findings: gather and pack context for the change, split large
/// changes into chunks reviewed in parallel within the token budget, verify every candidate, keep what clears the
/// threshold. Orchestration only: each step lives in its own part.
/// </summary>
public sealed partial class ReviewEngine(
    ModelClient model,
    ContextBuilder contextBuilder,
    TokenCounter tokens,
    IOptions<ModelOptions> options,
    TimeProvider time,
    ILogger<ReviewEngine> logger)
{
    private const int InstructionReserve = 2_500;

    public async Task<ReviewResult> ReviewAsync(PullRequestSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        using var activity = ReviewBotTelemetry.Start("review engine");
        using var run = new EngineRun(snapshot, options.Value, time.GetTimestamp());
        var (reviewed, binary, skipped) = SelectFiles(snapshot.Change, snapshot.Settings);
        var candidates = await contextBuilder.CollectAsync(snapshot.Repository, snapshot.Change with { Files = reviewed }, snapshot.Settings.Instructions, cancellationToken);
        // The notes read in order: the settings' problems, what an incremental review left to earlier reviews, then the context's.
        if (snapshot.Since is { } since)
        {
            (reviewed, candidates) = NarrowToSince(run, since, reviewed, candidates);
        }
        run.Notes.AddRange(candidates.Notes);

        var chunks = ChunkPlanner.Plan(ChunkFiles(snapshot.Since, reviewed), tokens, Math.Max(1_000, run.Options.ChunkTokens - run.Options.ContextTokens - InstructionReserve));
        await Task.WhenAll(chunks.Select(chunk => ReviewChunkAsync(run, candidates, chunk, chunks.Count, cancellationToken)));

        // Only the files this review looked at: ignored and over-limit files cannot carry findings. A binary file is in
        // the change though its contents are not shown: a finding on it becomes a file-level one.
        var scope = snapshot.Change with { Files = [.. reviewed, .. binary] };
        var verified = Suppress(run, await VerifyAsync(run, scope, cancellationToken));
        if (!string.IsNullOrWhiteSpace(run.Options.VerifierName) && verified.Count > 0 && run.Reserved < run.Options.ReviewTokens)
        {
            verified = await SecondOpinionAsync(run, verified, run.Options.VerifierName!, cancellationToken);
        }
        // The compiler's errors need no model and no second opinion; they come after the model's so its word on a line wins.
        verified.AddRange(Suppress(run, await CompilerFindingsAsync(run, scope, candidates.CompilerErrors, verified, cancellationToken)));
        var (findings, unselected) = FindingSelection.Select(verified, snapshot.Settings);
        run.DropAll(unselected);
        return Result(run, findings, chunks.Count, reviewed.Count, skipped, candidates.SymbolSource);
    }

    /// <summary>An incremental review looks at the files changed since the last review; the whole change of those files is context.</summary>
    private static (List<FileDiff> Reviewed, ContextCandidates Candidates) NarrowToSince(EngineRun run, ChangeSet since, List<FileDiff> reviewed,
        ContextCandidates candidates)
    {
        var touched = since.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var narrowed = reviewed.Where(f => touched.Contains(f.Path)).ToList();
        run.Notes.Add($"Incremental review: {narrowed.Count} file(s) changed since {since.Base[..Math.Min(7, since.Base.Length)]}; {reviewed.Count - narrowed.Count} other changed file(s) were reviewed before.");
        return (narrowed, candidates with
        {
            Related = [.. candidates.Related, .. candidates.Diff.Where(d => narrowed.Any(f => f.Path == d.Path))
                .Select(d => d with { Reason = "the whole pull request's change of this file", Score = 10.0 })],
        });
    }

    /// <summary>What the chunks show: each file's change, or in an incremental review what changed in it since.</summary>
    private static List<FileDiff> ChunkFiles(ChangeSet? since, List<FileDiff> reviewed) => since is null
        ? reviewed.Where(f => !f.IsBinary).ToList()
        : reviewed.Where(f => !f.IsBinary).Select(f => since.Find(f.Path) ?? f).Where(f => !f.IsBinary).ToList();

    private async Task ReviewChunkAsync(EngineRun run, ContextCandidates candidates, ReviewChunk chunk, int chunkCount, CancellationToken cancellationToken)
    {
        await run.Gate.WaitAsync(cancellationToken);
        try
        {
            var o = run.Options;
            var pack = ContextPacker.Pack(candidates, run.Snapshot.MergeBase, run.Snapshot.HeadCommit, o.ContextTokens, includeDiff: false, chunk.Paths);
            var guidance = pack.Items.Where(i => i.Kind == ContextKind.Guidance).ToList();
            var related = pack.Items.Where(i => i.Kind != ContextKind.Guidance).ToList();
            var prompt = ReviewPrompt.ForChunk(run.Snapshot.Intent, chunk, chunkCount, guidance, related, UntrustedFence.Create());
            var estimate = tokens.Count(prompt.Instructions) + tokens.Count(ReviewSchemas.Review.Json) + tokens.Count(prompt.Guidance ?? "")
                + tokens.Count(prompt.Request) + o.MaxOutputTokens;
            if (!run.TryReserve(estimate))
            {
                run.Drop(new("budget", $"the review's budget of {o.ReviewTokens} tokens was spent before this part ({ChunkLabel(chunk)}) was reviewed", null, chunk.Paths[0], null));
                return;
            }
            ModelAnswer<ModelReview> answer;
            try
            {
                answer = await model.CompleteAsync<ModelReview>(prompt, ReviewSchemas.Review, cancellationToken, masked: run.Masked);
            }
            catch (System.ClientModel.ClientResultException ex) when (ex.Status is 400 or 413 or 422)
            {
                // The server rejected this request itself (too long for its context window, say): this part goes
                // unreviewed and the result says why; the other parts still count. Outages (429/5xx after retries) throw.
                run.Drop(new("model", $"the model server refused {ChunkLabel(chunk)} ({ex.Status}: {OneLine(ex.Message)})", null, chunk.Paths[0], null));
                return;
            }
            run.Settle(estimate, answer.Usage, related.Count + guidance.Count);
            if (answer.Value is null)
            {
                run.Drop(new("model", $"no usable answer for {ChunkLabel(chunk)}: {answer.Failure}", null, chunk.Paths[0], null));
                return;
            }
            run.Answers[chunk.Index] = answer.Value;
        }
        finally
        {
            run.Gate.Release();
        }
    }

    private static async Task<List<Finding>> VerifyAsync(EngineRun run, ChangeSet scope, CancellationToken cancellationToken)
    {
        using var blobs = run.Snapshot.Repository.OpenBlobReader();
        var verifier = new FindingVerifier(scope, blobs);
        var verified = new List<Finding>();
        foreach (var (_, review) in run.Answers.OrderBy(r => r.Key))
        {
            foreach (var candidate in review.Findings ?? [])
            {
                var (finding, drop) = await verifier.VerifyAsync(candidate, cancellationToken);
                if (finding is { } found && run.Snapshot.Since is { } since && !ChangedSince(since, found))
                {
                    drop = new DroppedFinding("verification", $"lines {found.StartLine}-{found.EndLine} did not change since the last review",
                        found.Title, found.Path, found.StartLine);
                    finding = null;
                }
                if (finding is not null)
                {
                    verified.Add(finding);
                }
                else
                {
                    run.Drop(drop!);
                }
            }
        }
        return verified;
    }

    private async Task<List<Finding>> SecondOpinionAsync(EngineRun run, List<Finding> verified, string verifierName, CancellationToken cancellationToken)
    {
        var (kept, rejected, verifyUsage, note) = await SecondOpinionAsync(verified, verifierName, run.Masked, cancellationToken);
        run.Usage += verifyUsage;
        run.DropAll(rejected);
        if (note is not null)
        {
            run.Notes.Add(note);
        }
        return kept;
    }

    private ReviewResult Result(EngineRun run, IReadOnlyList<Finding> findings, int chunkCount, int reviewedCount, IReadOnlyList<string> skipped, string symbolSource)
    {
        var change = run.Snapshot.Change;
        var maskedKinds = run.Masked.ByKind();
        if (maskedKinds.Count > 0)
        {
            run.Notes.Add($"{maskedKinds.Sum(k => k.Count)} secret(s) were masked before the model saw them: {string.Join(", ", maskedKinds.Select(k => $"{k.Count} {k.Kind}"))}.");
        }
        var answers = run.Answers.OrderBy(r => r.Key).Select(r => r.Value).ToList();
        var intent = MergeIntent(answers.Select(a => a.Intent).ToList(), chunkCount, answers.Count);
        var accounting = new ReviewAccounting(run.Usage, time.GetElapsedTime(run.Started), change.Files.Count, reviewedCount, skipped,
            chunkCount, answers.Count, run.PromptTokens, run.ContextItems, symbolSource, maskedKinds);
        var dropped = run.Dropped.OrderBy(d => d.Stage, StringComparer.Ordinal).ThenBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Line).ToList();
        Log.Reviewed(logger, change.Head, change.Files.Count, chunkCount, findings.Count, dropped.Count, run.Usage.Total, accounting.Elapsed.TotalMilliseconds);
        Count(findings, dropped);
        return new ReviewResult(change.Base, change.Head, intent, findings, dropped, run.Notes, accounting);
    }

    private static void Count(IReadOnlyList<Finding> findings, IReadOnlyList<DroppedFinding> dropped)
    {
        foreach (var group in findings.GroupBy(f => f.Priority))
        {
            Metrics.Found(group.Key.ToString(), group.Count());
        }
        foreach (var group in dropped.GroupBy(d => (d.Stage, d.Cause)))
        {
            Metrics.Dropped(group.Key.Stage, group.Key.Cause, group.Count());
        }
    }

    private static bool ChangedSince(ChangeSet since, Finding finding) =>
        since.Find(finding.Path) is { } file && (finding.FileLevel
            || (finding.Side == DiffSide.Head
                ? Enumerable.Range(finding.StartLine, finding.EndLine - finding.StartLine + 1).Any(file.IsInHunk)
                : Enumerable.Range(finding.StartLine, finding.EndLine - finding.StartLine + 1).Any(file.IsRemovedInHunk)));

    private static (List<FileDiff> Reviewed, List<FileDiff> Binary, List<string> Skipped) SelectFiles(ChangeSet change, RepositorySettings settings)
    {
        var reviewed = new List<FileDiff>();
        var binary = new List<FileDiff>();
        var skipped = new List<string>();
        foreach (var file in change.Files)
        {
            if (settings.IsIgnored(file.Path))
            {
                skipped.Add($"{file.Path} (ignored by settings)");
            }
            else if (file.IsBinary)
            {
                skipped.Add($"{file.Path} (binary)");
                binary.Add(file);
            }
            else if (reviewed.Count >= settings.MaxFiles)
            {
                skipped.Add($"{file.Path} (over the limit of {settings.MaxFiles} files)");
            }
            else
            {
                reviewed.Add(file);
            }
        }
        return (reviewed, binary, skipped);
    }

    private static string OneLine(string text)
    {
        // The SDK's message is "HTTP 400 (type: code)" and then the server's own words on later lines.
        var line = string.Join(" ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= 200 ? line : line[..200] + "…";
    }

    private static string ChunkLabel(ReviewChunk chunk) =>
        chunk.Paths.Count == 1 ? chunk.Paths[0] : $"{chunk.Paths[0]} and {chunk.Paths.Count - 1} more file(s)";

    private static partial class Log
    {
        [LoggerMessage(EventId = 421, Level = LogLevel.Information, Message = "Reviewed {HeadSha}: {FileCount} file(s) in {ChunkCount} chunk(s), {FindingCount} finding(s), {DroppedCount} dropped, {Tokens} tokens, {ElapsedMs:0} ms")]
        public static partial void Reviewed(ILogger logger, string headSha, int fileCount, int chunkCount, int findingCount, int droppedCount, long tokens, double elapsedMs);
    }
}
