using Octokit;
using ReviewBot.Reviews;

namespace ReviewBot.Publishing;

/// <summary>
/// Posts one review per head commit. Reads what is already on GitHub first: a head commit already reviewed gets no second
/// review unless a re-run was asked for, and a finding still open is not said again. If GitHub refuses the review (422)
/// although every comment was checked against its patches, each comment is tried alone in a pending review (deleted
/// again) to find the ones it refuses; those move to the summary and the rest is posted. Threads of earlier findings whose
/// lines a push changed and whose problem is gone get "Fixed in" and are resolved.
/// </summary>
public sealed partial class ReviewPublisher(GitHubGraphQl graphQl, ILogger<ReviewPublisher> logger)
{
    /// <remarks>The caller decides whether this head needs a review (<see cref="PostedReviewState.ReviewedHeads"/>) before running the engine.</remarks>
    public async Task<PublishOutcome> PublishAsync(IGitHubClient client, long installationId, ReviewRequest request, ReviewResult result,
        ReviewContext context, PostedReviewState state, Func<PostedFinding, Task<bool>> isGone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(isGone);
        var api = new GitHubReviewsApi(client);
        var files = await client.PullRequest.Files(request.Owner, request.Repository, request.Number, new ApiOptions { PageSize = 100 });
        cancellationToken.ThrowIfCancellationRequested();
        var diff = CommentableDiff.From(files);
        var draft = ReviewComposer.Compose(result, diff, context, state.OpenFingerprints, state.Findings.Where(f => !f.Resolved).ToList());

        var refused = new List<string>();
        PullRequestReview review;
        var lineComments = draft.Comments.Where(c => c.SubjectType is null).ToList();
        try
        {
            review = await api.CreateReviewAsync(request.Owner, request.Repository, request.Number, request.HeadSha, draft.Body, lineComments);
        }
        catch (ApiValidationException ex) when (lineComments.Count > 0 && IsAboutComments(ex))
        {
            Log.ReviewRefused(logger, request.FullName, request.Number, ex.Message);
            var rejected = await FindRefusedAsync(api, request, lineComments);
            refused.AddRange(rejected.Select(c => $"{c.Path}:{c.Line?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "file"} {c.Finding.Title}"));
            draft = draft.WithoutComments(rejected, summary => ReviewBody.Write(result, context, summary, draft.Repeated.Count));
            review = await api.CreateReviewAsync(request.Owner, request.Repository, request.Number, request.HeadSha, draft.Body,
                draft.Comments.Where(c => c.SubjectType is null).ToList());
        }
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var comment in draft.Comments.Where(c => c.SubjectType is not null))
        {
            try
            {
                await api.CreateFileCommentAsync(request.Owner, request.Repository, request.Number, request.HeadSha, comment);
            }
            catch (ApiValidationException ex)
            {
                // The review is posted; a file comment GitHub refuses is recorded, not retried.
                refused.Add($"{comment.Path} (file) {comment.Finding.Title}: {ex.Message}");
            }
        }

        var fixedFindings = await CloseFixedAsync(api, installationId, request, result, state, isGone, cancellationToken);
        Log.Posted(logger, request.FullName, request.Number, request.HeadSha, review.Id, draft.Comments.Count, draft.InSummary.Count, draft.Repeated.Count, fixedFindings.Count);
        return new PublishOutcome(review.Id, draft.Comments.Count(c => c.SubjectType is null), draft.Comments.Count(c => c.SubjectType is not null),
            draft.InSummary.Count, draft.Repeated.Count, refused, fixedFindings);
    }

    private static async Task<List<DraftComment>> FindRefusedAsync(GitHubReviewsApi api, ReviewRequest request, IReadOnlyList<DraftComment> comments)
    {
        var rejected = new List<DraftComment>();
        foreach (var comment in comments)
        {
            PullRequestReview? pending = null;
            try
            {
                pending = await api.CreateReviewAsync(request.Owner, request.Repository, request.Number, request.HeadSha, "probe", [comment], pending: true);
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

    private async Task<List<string>> CloseFixedAsync(GitHubReviewsApi api, long installationId, ReviewRequest request, ReviewResult result,
        PostedReviewState state, Func<PostedFinding, Task<bool>> isGone, CancellationToken cancellationToken)
    {
        var stillFound = result.Findings.Select(f => f.Fingerprint).ToHashSet(StringComparer.Ordinal);
        var closed = new List<string>();
        var candidates = state.Findings.Where(f => !f.Resolved && !f.FixedReplied && f.Marker.Line > 0 && f.Marker.HeadSha != request.HeadSha
            && !stillFound.Contains(f.Marker.Fingerprint) && !result.Findings.Any(n => FindingMatch.SameProblem(f, n)));
        foreach (var finding in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!await isGone(finding))
            {
                continue;
            }
            await api.ReplyAsync(request.Owner, request.Repository, request.Number, finding.CommentId, $"{PostedReviewState.FixedReply}{request.HeadSha[..7]}.");
            if (finding.ThreadId is not null)
            {
                await graphQl.ResolveAsync(installationId, finding.ThreadId, cancellationToken);
            }
            closed.Add($"{finding.Marker.Path}:{finding.Marker.Line}");
        }
        return closed;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 451, Level = LogLevel.Warning, Message = "GitHub refused the review of {Repository}#{PullNumber} ({Reason}); finding the comments it refuses")]
        public static partial void ReviewRefused(ILogger logger, string repository, int pullNumber, string reason);

        [LoggerMessage(EventId = 452, Level = LogLevel.Information, Message = "Posted review {ReviewId} on {Repository}#{PullNumber} at {HeadSha}: {Comments} comment(s), {InSummary} in the summary, {Repeated} still open, {Fixed} fixed")]
        public static partial void Posted(ILogger logger, string repository, int pullNumber, string headSha, long reviewId, int comments, int inSummary, int repeated, int @fixed);
    }
}
