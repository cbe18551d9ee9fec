using Octokit;

namespace ReviewBot.GitHub;

/// <summary>
/// The review calls Octokit cannot express, made over Octokit's own connection (same auth, same pipeline): a review whose
/// comments use <c>line</c>/<c>side</c>/<c>start_line</c>/<c>start_side</c>/<c>subject_type</c>, pending reviews, and
/// review comments read with their line fields.
/// </summary>
public sealed class GitHubReviewsApi(IGitHubClient client)
{
    private readonly ApiConnection _api = new(client.Connection);

    public async Task<PullRequestReview> CreateReviewAsync(string owner, string repo, int number, string commitId, string body,
        IReadOnlyList<LineComment> comments, bool pending = false)
    {
        var review = new NewReview
        {
            CommitId = commitId,
            Body = body,
            Event = pending ? null : "COMMENT",
            Comments = comments.Select(c => new NewReviewComment
            {
                Path = c.Path,
                Body = c.Body,
                Line = c.Line,
                Side = c.Side,
                StartLine = c.StartLine,
                StartSide = c.StartSide,
            }).ToList(),
        };
        return await _api.Post<PullRequestReview>(new Uri($"repos/{owner}/{repo}/pulls/{number}/reviews", UriKind.Relative), review);
    }

    /// <summary>
    /// A comment on a whole file. Only the single-comment endpoint documents <c>subject_type</c>, so file-level comments
    /// go there, after the review.
    /// </summary>
    public Task<PullRequestReviewComment> CreateFileCommentAsync(string owner, string repo, int number, string commitId, string path, string body) =>
        _api.Post<PullRequestReviewComment>(new Uri($"repos/{owner}/{repo}/pulls/{number}/comments", UriKind.Relative),
            new FileComment { Body = body, CommitId = commitId, Path = path, SubjectType = "file" });

    public Task DeletePendingReviewAsync(string owner, string repo, int number, long reviewId) =>
        _api.Delete(new Uri($"repos/{owner}/{repo}/pulls/{number}/reviews/{reviewId}", UriKind.Relative));

    public Task<IReadOnlyList<PullRequestReview>> ListReviewsAsync(string owner, string repo, int number) =>
        client.PullRequest.Review.GetAll(owner, repo, number, new ApiOptions { PageSize = 100 });

    public Task<IReadOnlyList<ReviewCommentLines>> ListReviewCommentsAsync(string owner, string repo, int number) =>
        _api.GetAll<ReviewCommentLines>(new Uri($"repos/{owner}/{repo}/pulls/{number}/comments", UriKind.Relative), new ApiOptions { PageSize = 100 });

    /// <summary>A reply in the thread of a top-level review comment (the documented replies endpoint, not in_reply_to).</summary>
    public Task<PullRequestReviewComment> ReplyAsync(string owner, string repo, int number, long commentId, string body) =>
        _api.Post<PullRequestReviewComment>(new Uri($"repos/{owner}/{repo}/pulls/{number}/comments/{commentId}/replies", UriKind.Relative),
            new Reply { Body = body });

    /// <summary>One review comment with its line fields (GET pulls/comments/{id}).</summary>
    public Task<ReviewCommentLines> GetCommentAsync(string owner, string repo, long commentId) =>
        _api.Get<ReviewCommentLines>(new Uri($"repos/{owner}/{repo}/pulls/comments/{commentId}", UriKind.Relative));

    /// <summary>Replaces a review comment's body (PATCH pulls/comments/{id}); safe to repeat.</summary>
    public Task<ReviewCommentLines> EditCommentAsync(string owner, string repo, long commentId, string body) =>
        _api.Patch<ReviewCommentLines>(new Uri($"repos/{owner}/{repo}/pulls/comments/{commentId}", UriKind.Relative), new Reply { Body = body });

    private sealed class FileComment
    {
        public string? Body { get; set; }
        public string? CommitId { get; set; }
        public string? Path { get; set; }
        public string? SubjectType { get; set; }
    }

    private sealed class Reply
    {
        public string? Body { get; set; }
    }

    // Octokit's serializer writes these as snake_case and leaves out nulls, which is what GitHub expects.
    private sealed class NewReview
    {
        public string? CommitId { get; set; }
        public string? Body { get; set; }
        public string? Event { get; set; }
        public List<NewReviewComment> Comments { get; set; } = [];
    }

    private sealed class NewReviewComment
    {
        public string? Path { get; set; }
        public string? Body { get; set; }
        public int? Line { get; set; }
        public string? Side { get; set; }
        public int? StartLine { get; set; }
        public string? StartSide { get; set; }
    }
}

/// <summary>An inline comment of a new review: a line, or a range from <see cref="StartLine"/> to <see cref="Line"/> on one side.</summary>
public sealed record LineComment(string Path, string Body, int Line, string Side, int? StartLine, string? StartSide);

/// <summary>A review comment with the line fields Octokit's model lacks (<c>line</c> is null once the comment is outdated).</summary>
public sealed class ReviewCommentLines
{
    public long Id { get; set; }
    public string? NodeId { get; set; }
    public string? Body { get; set; }
    public string? Path { get; set; }
    public int? Line { get; set; }
    public int? OriginalLine { get; set; }
    public int? StartLine { get; set; }
    public int? OriginalStartLine { get; set; }
    public string? StartSide { get; set; }
    public string? Side { get; set; }
    public string? CommitId { get; set; }
    public long? InReplyToId { get; set; }
    public long? PullRequestReviewId { get; set; }
    public User? User { get; set; }

    /// <summary>The reactions' rollup (counts per kind); the list of who reacted is a call of its own.</summary>
    public ReactionSummary? Reactions { get; set; }
}
