using System.Collections.Concurrent;
using ReviewBot.Context;
using ReviewBot.Diff;
using ReviewBot.Model;

namespace ReviewBot.Reviews;

/// <summary>
/// From two commits and the author's intent to verified findings: read the change, gather and pack context, split large
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

    public async Task<ReviewResult> ReviewAsync(ReviewInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var started = time.GetTimestamp();
        var settings = input.Settings;
        var o = options.Value;
        var notes = new List<string>(settings.Problems);
        var dropped = new ConcurrentBag<DroppedFinding>();

        var change = await ChangeSet.LoadAsync(input.Repository, input.BaseCommit, input.HeadCommit, cancellationToken);
        var (reviewed, binary, skipped) = SelectFiles(change, settings);
        var scope = change with { Files = reviewed };
        ChangeSet? since = null;
        if (input.Since is not null)
        {
            since = await ChangeSet.LoadAsync(input.Repository, input.Since, input.HeadCommit, cancellationToken);
            var touched = since.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
            var untouched = reviewed.Where(f => !touched.Contains(f.Path)).ToList();
            reviewed = reviewed.Where(f => touched.Contains(f.Path)).ToList();
            notes.Add($"Incremental review: {reviewed.Count} file(s) changed since {input.Since[..Math.Min(7, input.Since.Length)]}; {untouched.Count} other changed file(s) were reviewed before.");
        }

        var candidates = await contextBuilder.CollectAsync(input.Repository, scope, settings.Instructions, cancellationToken);
        notes.AddRange(candidates.Notes);

        // The model client masks every message just before it is sent; this counts what it masked.
        var masked = new SecretTally();
        var chunkDiffTokens = Math.Max(1_000, o.ChunkTokens - o.ContextTokens - InstructionReserve);
        // An incremental review shows what changed since the last review; the whole change of those files is context.
        var chunkFiles = since is null
            ? reviewed.Where(f => !f.IsBinary).ToList()
            : reviewed.Where(f => !f.IsBinary).Select(f => since.Find(f.Path) ?? f).Where(f => !f.IsBinary).ToList();
        if (since is not null)
        {
            candidates = candidates with
            {
                Related = [.. candidates.Related, .. candidates.Diff.Where(d => reviewed.Any(f => f.Path == d.Path))
                    .Select(d => d with { Reason = "the whole pull request's change of this file", Score = 10.0 })],
            };
        }
        var chunks = ChunkPlanner.Plan(chunkFiles, tokens, chunkDiffTokens);

        var usage = TokenUsage.None;
        var promptTokens = 0;
        var reserved = 0L;
        var results = new ConcurrentDictionary<int, ModelReview>();
        var contextItems = 0;
        using var gate = new SemaphoreSlim(o.MaxConcurrency);
        var usageLock = new Lock();

        async Task ReviewChunkAsync(ReviewChunk chunk)
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var pack = ContextPacker.Pack(candidates, change.MergeBase, change.Head, o.ContextTokens, includeDiff: false, chunk.Paths);
                var guidance = pack.Items.Where(i => i.Kind == ContextKind.Guidance).ToList();
                var related = pack.Items.Where(i => i.Kind != ContextKind.Guidance).ToList();
                var prompt = ReviewPrompt.ForChunk(input.Intent, chunk, chunks.Count, guidance, related, UntrustedFence.Create());
                var estimate = tokens.Count(prompt.Instructions) + tokens.Count(ReviewSchemas.Review.Json) + tokens.Count(prompt.Guidance ?? "")
                    + tokens.Count(prompt.Request) + o.MaxOutputTokens;
                if (Interlocked.Add(ref reserved, estimate) > o.ReviewTokens)
                {
                    Interlocked.Add(ref reserved, -estimate);
                    dropped.Add(new("budget", $"the review's budget of {o.ReviewTokens} tokens was spent before this part ({ChunkLabel(chunk)}) was reviewed", null, chunk.Paths[0], null));
                    return;
                }
                ModelAnswer<ModelReview> answer;
                try
                {
                    answer = await model.CompleteAsync<ModelReview>(prompt, ReviewSchemas.Review, cancellationToken, masked: masked);
                }
                catch (System.ClientModel.ClientResultException ex) when (ex.Status is 400 or 413 or 422)
                {
                    // The server rejected this request itself (too long for its context window, say): this part goes
                    // unreviewed and the result says why; the other parts still count. Outages (429/5xx after retries) throw.
                    dropped.Add(new("model", $"the model server refused {ChunkLabel(chunk)} ({ex.Status}: {OneLine(ex.Message)})", null, chunk.Paths[0], null));
                    return;
                }
                // Settle the reservation with what was spent (a retried answer costs a second call).
                var spent = answer.Usage.Total > 0 ? answer.Usage.Total : (long)estimate * Math.Max(1, answer.Usage.Calls);
                Interlocked.Add(ref reserved, spent - estimate);
                lock (usageLock)
                {
                    usage += answer.Usage;
                    promptTokens += estimate - o.MaxOutputTokens;
                    contextItems += related.Count + guidance.Count;
                }
                if (answer.Value is null)
                {
                    dropped.Add(new("model", $"no usable answer for {ChunkLabel(chunk)}: {answer.Failure}", null, chunk.Paths[0], null));
                    return;
                }
                results[chunk.Index] = answer.Value;
            }
            finally
            {
                gate.Release();
            }
        }

        await Task.WhenAll(chunks.Select(ReviewChunkAsync));

        using var blobs = input.Repository.OpenBlobReader();
        // Only the files this review looked at: ignored and over-limit files cannot carry findings. A binary file is in
        // the change though its contents are not shown: a finding on it becomes a file-level one.
        var verifier = new FindingVerifier(change with { Files = [.. reviewed, .. binary] }, blobs);
        var verified = new List<Finding>();
        foreach (var (_, review) in results.OrderBy(r => r.Key))
        {
            foreach (var candidate in review.Findings ?? [])
            {
                var (finding, drop) = await verifier.VerifyAsync(candidate, cancellationToken);
                if (finding is { } found && since is not null && !ChangedSince(since, found))
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
                    dropped.Add(drop!);
                }
            }
        }

        if (!string.IsNullOrWhiteSpace(o.VerifierName) && verified.Count > 0 && Interlocked.Read(ref reserved) < o.ReviewTokens)
        {
            var (kept, rejected, verifyUsage, note) = await SecondOpinionAsync(verified, o.VerifierName!, masked, cancellationToken);
            usage += verifyUsage;
            verified = kept;
            foreach (var r in rejected)
            {
                dropped.Add(r);
            }
            if (note is not null)
            {
                notes.Add(note);
            }
        }

        var (findings, unselected) = FindingSelection.Select(verified, settings);
        foreach (var d in unselected)
        {
            dropped.Add(d);
        }
        var maskedKinds = masked.ByKind();
        if (maskedKinds.Count > 0)
        {
            notes.Add($"{maskedKinds.Sum(k => k.Count)} secret(s) were masked before the model saw them: {string.Join(", ", maskedKinds.Select(k => $"{k.Count} {k.Kind}"))}.");
        }

        var intent = MergeIntent(results.OrderBy(r => r.Key).Select(r => r.Value.Intent).ToList(), chunks.Count, results.Count);
        var accounting = new ReviewAccounting(usage, time.GetElapsedTime(started), change.Files.Count, reviewed.Count, skipped,
            chunks.Count, results.Count, promptTokens, contextItems, candidates.SymbolSource, maskedKinds);
        Log.Reviewed(logger, change.Head, change.Files.Count, chunks.Count, findings.Count, dropped.Count, usage.Total, accounting.Elapsed.TotalMilliseconds);
        return new ReviewResult(change.Base, change.Head, intent, findings,
            dropped.OrderBy(d => d.Stage, StringComparer.Ordinal).ThenBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Line).ToList(),
            notes, accounting);
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
