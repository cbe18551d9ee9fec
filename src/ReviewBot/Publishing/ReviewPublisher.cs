using ReviewBot.Hosting;
using ReviewBot.Jobs;
using Octokit;
using ReviewBot.GitHub;
using ReviewBot.Reviews;
using ReviewBot.Telemetry;

namespace ReviewBot.Publishing;

/// <summary>
/// Posts one review per head commit. Reads what is already on GitHub first: a head commit already reviewed gets no second
/// review unless a re-run was asked for, and a finding still open is not said again. If GitHub refuses the review (422)
/// although every comment was checked against its patches, each comment is tried alone in a pending review (deleted
/// again) to find the ones it refuses; those move to the summary and the rest is posted. Threads of earlier findings whose
/// lines a push changed and whose problem is gone get "Fixed in" and are resolved. Every create looks first
/// (<see cref="LookFirst"/>): after a lost answer the review or comment is looked for on GitHub before it is sent again, so
/// nothing is posted twice. Once the review landed, what GitHub fails to do next is noted in the outcome, never thrown.
/// </summary>
public sealed partial class ReviewPublisher(GitHubGraphQl graphQl, ILogger<ReviewPublisher> logger)
{
    /// <remarks>The caller decides whether this head needs a review (<see cref="PostedReviewState.ReviewedHeads"/>) before running the engine.</remarks>
    public async Task<PublishOutcome> PublishAsync(GitHubAccess access, ReviewRequest request, ReviewResult result,
        ReviewContext context, PostedReviewState state, Func<PostedFinding, Task<bool>> isGone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        var client = access.Client;
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(isGone);
        using var activity = ReviewBotTelemetry.Start("publish review");
        var api = new GitHubReviewsApi(client);
        var files = await client.PullRequest.Files(request.Owner, request.Repository, request.Number, new ApiOptions { PageSize = 100 });
        cancellationToken.ThrowIfCancellationRequested();
        var diff = CommentableDiff.From(files);
        var draft = ReviewComposer.Compose(result, diff, context, state.OpenFingerprints, state.Findings.Where(f => !f.Resolved).ToList());

        var refused = new List<string>();
        PullRequestReview review;
        var lineComments = draft.Comments.Where(c => c.SubjectType is null).ToList();
        await context.BeforeWrite(cancellationToken);
        if (await PostedMeanwhileAsync(api, request, state) is { } theirs)
        {
            // Another worker did this job while this one ran (a lease taken over across a Redis restart, say): GitHub, the
            // source of truth, says the head has its review, so a second one is not posted. This narrows the race of two
            // workers to the moment between this read and the create.
            Log.PostedMeanwhile(logger, request.FullName, request.Number, request.HeadSha, theirs.Id);
            return new PublishOutcome(theirs.Id, 0, 0, 0, 0, [], []) { PostedMeanwhile = true };
        }
        try
        {
            review = await CreateReviewAsync(api, request, state, draft.Body, lineComments);
        }
        catch (ApiValidationException ex) when (lineComments.Count > 0 && IsAboutComments(ex))
        {
            Log.ReviewRefused(logger, request.FullName, request.Number, ex.Message);
            var rejected = await FindRefusedAsync(api, request, lineComments);
            refused.AddRange(rejected.Select(c => $"{c.Path}:{c.Line?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "file"} {c.Finding.Title}"));
            draft = draft.WithoutComments(rejected, summary => ReviewBody.Write(result, context, summary, draft.Repeated.Count));
            review = await CreateReviewAsync(api, request, state, draft.Body, draft.Comments.Where(c => c.SubjectType is null).ToList());
        }

        // The review landed: from here on a GitHub failure or a cancellation is noted in the outcome, never thrown.
        var notDone = new List<string>();
        await PostFileCommentsAsync(api, request, state, draft, refused, notDone, cancellationToken);
        var fixedFindings = await CloseFixedAsync(api, access, request, result, state, isGone, notDone, cancellationToken);
        Log.Posted(logger, request.FullName, request.Number, request.HeadSha, review.Id, draft.Comments.Count, draft.InSummary.Count, draft.Repeated.Count, fixedFindings.Count);
        return new PublishOutcome(review.Id, draft.Comments.Count(c => c.SubjectType is null), draft.Comments.Count(c => c.SubjectType is not null),
            draft.InSummary.Count, draft.Repeated.Count, refused, fixedFindings) { NotDone = notDone };
    }

    /// <summary>The bot's review of this head posted since the state was read; null when there is none or the bot's account is not known.</summary>
    private static async Task<PullRequestReview?> PostedMeanwhileAsync(GitHubReviewsApi api, ReviewRequest request, PostedReviewState state) =>
        state.CanLook ? await state.FindNewReviewAsync(api, request.Owner, request.Repository, request.Number, request.HeadSha) : null;

    /// <summary>Posts the review; when the answer is lost, GitHub's list of reviews says whether it landed before it is sent again.</summary>
    private static Task<PullRequestReview> CreateReviewAsync(GitHubReviewsApi api, ReviewRequest request, PostedReviewState state, string body,
        IReadOnlyList<DraftComment> comments) =>
        LookFirst.CreateAsync(
            () => api.CreateReviewAsync(request.Owner, request.Repository, request.Number, request.HeadSha, body, comments.Select(c => c.ToLine()).ToList()),
            state.CanLook ? () => state.FindNewReviewAsync(api, request.Owner, request.Repository, request.Number, request.HeadSha) : null);

    private static async Task PostFileCommentsAsync(GitHubReviewsApi api, ReviewRequest request, PostedReviewState state, ReviewDraft draft, List<string> refused,
        List<string> notDone, CancellationToken cancellationToken)
    {
        var fileComments = draft.Comments.Where(c => c.SubjectType is not null).ToList();
        for (var i = 0; i < fileComments.Count; i++)
        {
            var comment = fileComments[i];
            if (cancellationToken.IsCancellationRequested)
            {
                notDone.Add($"{fileComments.Count - i} file comment(s) not posted: the review was cancelled");
                return;
            }
            try
            {
                await LookFirst.CreateAsync(
                    () => api.CreateFileCommentAsync(request.Owner, request.Repository, request.Number, request.HeadSha, comment.Path, comment.Body),
                    state.CanLook ? async () => await state.FindCommentAsync(api, request.Owner, request.Repository, request.Number, comment.Path, comment.Body, null) is not null : null);
            }
            catch (ApiValidationException ex)
            {
                // The review is posted; a file comment GitHub refuses is recorded, not retried.
                refused.Add($"{comment.Path} (file) {comment.Finding.Title}: {ex.Message}");
            }
            catch (Exception ex) when (GitHubFailure.IsGitHubFailure(ex))
            {
                notDone.Add($"the file comment on {comment.Path} ({GitHubFailure.Describe(ex)})");
            }
        }
    }

    private static async Task<List<DraftComment>> FindRefusedAsync(GitHubReviewsApi api, ReviewRequest request, IReadOnlyList<DraftComment> comments)
    {
        var rejected = new List<DraftComment>();
        foreach (var comment in comments)
        {
            PullRequestReview? pending = null;
            try
            {
                pending = await api.CreateReviewAsync(request.Owner, request.Repository, request.Number, request.HeadSha, "probe", [comment.ToLine()], pending: true);
            }
            catch (ApiValidationException)
            {
                rejected.Add(comment);
            }
            finally
            {
                if (pending is not null)
                {
                    // One pending review per user and pull request: a probe left behind would make every later probe fail.
                    await api.DeletePendingReviewAsync(request.Owner, request.Repository, request.Number, pending.Id);
                }
            }
        }
        return rejected;
    }

    private static readonly string[] CommentWords = ["line", "diff", "hunk", "path", "position", "side"];

    /// <summary>A 422 about where comments sit (not, say, about the commit id): worth finding the comments it refuses.</summary>
    private static bool IsAboutComments(ApiValidationException ex)
    {
        var text = $"{ex.Message} {ex.HttpResponse?.Body}";
        return !text.Contains("commit_id", StringComparison.OrdinalIgnoreCase)
            && CommentWords.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    private async Task<List<string>> CloseFixedAsync(GitHubReviewsApi api, GitHubAccess access, ReviewRequest request, ReviewResult result,
        PostedReviewState state, Func<PostedFinding, Task<bool>> isGone, List<string> notDone, CancellationToken cancellationToken)
    {
        var stillFound = result.Findings.Select(f => f.Fingerprint).ToHashSet(StringComparer.Ordinal);
        var closed = new List<string>();
        var candidates = state.Findings.Where(f => !f.Resolved && !f.FixedReplied && f.Marker.Line > 0 && f.Marker.HeadSha != request.HeadSha
            && !stillFound.Contains(f.Marker.Fingerprint) && !result.Findings.Any(n => FindingMatch.SameProblem(f, n))).ToList();
        foreach (var finding in candidates)
        {
            var where = $"{finding.Marker.Path}:{finding.Marker.Line}";
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!await isGone(finding))
                {
                    continue;
                }
                var reply = $"{PostedReviewState.FixedReply}{request.HeadSha[..7]}.";
                await LookFirst.CreateAsync(
                    () => api.ReplyAsync(request.Owner, request.Repository, request.Number, finding.CommentId, reply),
                    state.CanLook ? async () => await state.FindCommentAsync(api, request.Owner, request.Repository, request.Number,
                        finding.Marker.Path, reply, finding.CommentId) is not null : null);
                if (finding.ThreadId is not null)
                {
                    await graphQl.ResolveAsync(access, finding.ThreadId, cancellationToken);
                }
                closed.Add(where);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                notDone.Add($"closing the threads of fixed findings from {where} on: the review was cancelled");
                break;
            }
            catch (Exception ex) when (GitHubFailure.IsGitHubFailure(ex) || ex is IOutage)
            {
                notDone.Add($"closing the fixed finding at {where} ({GitHubFailure.Describe(ex)})");
            }
        }
        return closed;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 451, Level = LogLevel.Warning, Message = "GitHub refused the review of {Repository}#{PullNumber} ({Reason}); finding the comments it refuses")]
        public static partial void ReviewRefused(ILogger logger, string repository, int pullNumber, string reason);

        [LoggerMessage(EventId = 455, Level = LogLevel.Warning, Message = "Not posting the review of {Repository}#{PullNumber} at {HeadSha}: review {ReviewId} of that head was posted by another worker meanwhile")]
        public static partial void PostedMeanwhile(ILogger logger, string repository, int pullNumber, string headSha, long reviewId);

        [LoggerMessage(EventId = 452, Level = LogLevel.Information, Message = "Posted review {ReviewId} on {Repository}#{PullNumber} at {HeadSha}: {Comments} comment(s), {InSummary} in the summary, {Repeated} still open, {Fixed} fixed")]
        public static partial void Posted(ILogger logger, string repository, int pullNumber, string headSha, long reviewId, int comments, int inSummary, int repeated, int @fixed);
    }
}
