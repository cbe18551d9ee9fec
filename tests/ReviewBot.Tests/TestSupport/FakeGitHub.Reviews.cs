using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ReviewBot.Diff;

namespace ReviewBot.Tests.TestSupport;

/// <summary>
/// Reviews, review comments, their threads (GraphQL) and check-run listing, with GitHub's rules: a review comment must sit
/// on a line of the file's patch (right: added or context; left: removed), a range must start before its line in the same
/// hunk, bodies are at most 65,536 characters, one pending review per user, and one bad comment fails the whole review.
/// </summary>
public sealed partial class FakeGitHub
{
    public const int MaxBody = 65_536;

    public List<FakeReview> Reviews { get; } = [];

    public List<FakeReviewComment> ReviewComments { get; } = [];

    /// <summary>Lines the fake refuses although they are in the patch, to drive the bot's 422 recovery ("path:line").</summary>
    public HashSet<string> RefusedLines { get; } = new(StringComparer.Ordinal);

    public int GraphQlCalls { get; private set; }

    private void MapReviewRoutes(RouteGroupBuilder repos, WebApplication app)
    {
        repos.MapPost("/pulls/{number:int}/reviews", async (HttpContext c, string owner, string repo, int number) =>
        {
            var body = await BodyAsync(c);
            return WithPull(owner, repo, number, pr => CreateReview(pr, body));
        });
        repos.MapGet("/pulls/{number:int}/reviews", (HttpContext c, string owner, string repo, int number) =>
            WithPull(owner, repo, number, pr => ListReviews(c, pr)));
        repos.MapDelete("/pulls/{number:int}/reviews/{id:long}", (string owner, string repo, int number, long id) =>
            WithPull(owner, repo, number, pr => DeletePendingReview(pr, id)));
        repos.MapPost("/pulls/{number:int}/comments", async (HttpContext c, string owner, string repo, int number) =>
        {
            var body = await BodyAsync(c);
            return WithPull(owner, repo, number, pr => CreateSingleComment(pr, body));
        });
        repos.MapGet("/pulls/{number:int}/comments", (HttpContext c, string owner, string repo, int number) =>
            WithPull(owner, repo, number, pr => ListReviewComments(c, pr)));
        repos.MapGet("/pulls/comments/{id:long}", (long id) => ReviewComment(id, null));
        repos.MapGet("/pulls/comments/{id:long}/reactions", (HttpContext c, long id) => ListReactions(c, id));
        repos.MapMethods("/pulls/comments/{id:long}", ["PATCH"], async (HttpContext c, long id) => ReviewComment(id, (await BodyAsync(c))["body"]!.GetValue<string>()));
        repos.MapGet("/commits/{sha}/check-runs", (HttpContext c, string owner, string repo, string sha) => ListCheckRuns(c, $"{owner}/{repo}", sha));
        app.MapPost("/graphql", async (HttpContext c) => Authorized(c) ? GraphQl(await BodyAsync(c)) : Error(401, "Bad credentials"));
    }

    /// <summary>The head moves: new patches; comments whose line no longer shows the same text become outdated (line null).</summary>
    public void Push(FakePullRequest pr, string headSha, List<FakeFile> files)
    {
        ArgumentNullException.ThrowIfNull(pr);
        lock (_lock)
        {
            pr.HeadSha = headSha;
            pr.Files.Clear();
            pr.Files.AddRange(files);
            foreach (var comment in ReviewComments.Where(c => c.Number == pr.Number && c.Line is not null && c.InReplyTo is null))
            {
                var file = pr.Files.FirstOrDefault(f => f.Path == comment.Path);
                var now = file?.Patch is { } patch ? DiffParser.ParsePatch(file.Path, patch).NewText(comment.Line!.Value) : null;
                if (now != comment.LineText)
                {
                    comment.Line = null;
                }
            }
        }
    }

    private IResult CreateReview(FakePullRequest pr, JsonObject body)
    {
        lock (_lock)
        {
            var text = body["body"]?.GetValue<string>() ?? "";
            if (text.Length > MaxBody)
            {
                return Errors422("body is too long (maximum is 65536 characters)");
            }
            var pending = body["event"] is null;
            if (pending && Reviews.Any(r => r.Number == pr.Number && r.State == "PENDING"))
            {
                return Errors422("User can only have one pending review per pull request");
            }
            var comments = new List<FakeReviewComment>();
            foreach (var c in body["comments"]?.AsArray().OfType<JsonObject>() ?? [])
            {
                if (ReviewCommentProblem(pr, c) is { } problem)
                {
                    return Errors422(problem);
                }
                var path = c["path"]!.GetValue<string>();
                var line = c["line"]?.GetValue<int>();
                var side = c["side"]?.GetValue<string>() ?? "RIGHT";
                var file = pr.Files.First(f => f.Path == path);
                comments.Add(new FakeReviewComment
                {
                    Id = NextId(),
                    Number = pr.Number,
                    Path = path,
                    Body = c["body"]!.GetValue<string>(),
                    Line = line,
                    OriginalLine = line,
                    Side = side,
                    StartLine = c["start_line"]?.GetValue<int>(),
                    SubjectType = c["subject_type"]?.GetValue<string>() ?? "line",
                    CommitId = body["commit_id"]?.GetValue<string>() ?? pr.HeadSha,
                    LineText = line is { } l && side == "RIGHT" && file.Patch is { } patch ? DiffParser.ParsePatch(path, patch).NewText(l) : null,
                });
            }
            var review = new FakeReview(NextId(), pr.Number, text, pending ? "PENDING" : "COMMENTED", body["commit_id"]?.GetValue<string>() ?? pr.HeadSha);
            foreach (var comment in comments)
            {
                comment.ReviewId = review.Id;
            }
            Reviews.Add(review);
            ReviewComments.AddRange(comments);
            return Json(200, ReviewJson(review));
        }
    }

    private string? ReviewCommentProblem(FakePullRequest pr, JsonObject comment)
    {
        var path = comment["path"]?.GetValue<string>();
        var file = pr.Files.FirstOrDefault(f => f.Path == path);
        if (file is null)
        {
            return "Path could not be resolved";
        }
        if (comment["subject_type"] is not null)
        {
            // The reviews endpoint documents no subject_type; only the single-comment endpoint does.
            return "subject_type is not a property of review comments";
        }
        if (comment["line"]?.GetValue<int>() is not { } line)
        {
            return "Pull request review thread line must be part of the diff";
        }
        if (file.Patch is null || RefusedLines.Contains($"{path}:{line}"))
        {
            return "Pull request review thread diff hunk can't be blank";
        }
        var diff = DiffParser.ParsePatch(file.Path, file.Patch);
        var left = comment["side"]?.GetValue<string>() == "LEFT";
        var hunk = left ? diff.Hunks.FirstOrDefault(h => h.Lines.Any(l => l.OldLine == line && l.Kind == DiffLineKind.Removed)) : diff.HunkContaining(line);
        if (hunk is null)
        {
            return "Pull request review thread line must be part of the diff";
        }
        if (comment["start_line"]?.GetValue<int>() is { } start)
        {
            if (start >= line)
            {
                return "Pull request review thread start line must precede the end line";
            }
            if (comment["start_side"]?.GetValue<string>() is { } startSide && startSide != (left ? "LEFT" : "RIGHT"))
            {
                return "Pull request review thread start side must match the side";
            }
            var sameHunk = left
                ? hunk.Lines.Any(l => l.OldLine == start && l.Kind == DiffLineKind.Removed)
                : ReferenceEquals(diff.HunkContaining(start), hunk);
            if (!sameHunk)
            {
                return "Pull request review thread start line must be part of the same hunk as the line";
            }
        }
        return null;
    }

    public bool IsReviewComment(long id)
    {
        lock (_lock)
        {
            return ReviewComments.Any(c => c.Id == id);
        }
    }

    /// <summary>A single comment (POST pulls/{n}/comments); the bot uses it for comments on a whole file.</summary>
    private IResult CreateSingleComment(FakePullRequest pr, JsonObject body)
    {
        lock (_lock)
        {
            var path = body["path"]?.GetValue<string>();
            if (pr.Files.All(f => f.Path != path))
            {
                return Errors422("Path could not be resolved");
            }
            if (body["subject_type"]?.GetValue<string>() != "file" && ReviewCommentProblem(pr, body) is { } problem)
            {
                return Errors422(problem);
            }
            // GitHub wraps a single comment in a review of its own.
            var review = new FakeReview(NextId(), pr.Number, "", "COMMENTED", body["commit_id"]!.GetValue<string>());
            Reviews.Add(review);
            var comment = new FakeReviewComment
            {
                Id = NextId(), Number = pr.Number, Path = path!, Body = body["body"]!.GetValue<string>(), Line = body["line"]?.GetValue<int>(),
                OriginalLine = body["line"]?.GetValue<int>(), SubjectType = body["subject_type"]?.GetValue<string>() ?? "line",
                CommitId = review.CommitId, ReviewId = review.Id,
            };
            ReviewComments.Add(comment);
            var json = Example("pulls/create-review-comment");
            json["id"] = comment.Id;
            json["body"] = comment.Body;
            json["path"] = comment.Path;
            json["subject_type"] = comment.SubjectType;
            json["user"] = UserJson(json["user"]!, comment.Author);
            return Json(201, json);
        }
    }

    /// <summary>A reply in a review thread (POST pulls/{n}/comments/{id}/replies).</summary>
    private IResult AddReviewReply(int number, long parent, JsonObject body)
    {
        lock (_lock)
        {
            var top = ReviewComments.FirstOrDefault(c => c.Id == parent && c.Number == number);
            if (top is null)
            {
                return Error(404, "Not Found");
            }
            if (top.InReplyTo is not null)
            {
                return Errors422("Replies to replies are not supported");
            }
            var reply = new FakeReviewComment
            {
                Id = NextId(), Number = number, Path = top.Path, Body = body["body"]!.GetValue<string>(), Line = top.Line, OriginalLine = top.OriginalLine,
                Side = top.Side, CommitId = top.CommitId, ReviewId = top.ReviewId, InReplyTo = parent, SubjectType = top.SubjectType,
            };
            ReviewComments.Add(reply);
            var json = Example("pulls/create-review-comment");
            json["id"] = reply.Id;
            json["body"] = reply.Body;
            json["in_reply_to_id"] = parent;
            json["path"] = reply.Path;
            json["user"] = UserJson(json["user"]!, reply.Author);
            return Json(201, json);
        }
    }

    private IResult DeletePendingReview(FakePullRequest pr, long id)
    {
        lock (_lock)
        {
            var review = Reviews.FirstOrDefault(r => r.Id == id && r.Number == pr.Number);
            if (review is null)
            {
                return Error(404, "Not Found");
            }
            if (review.State != "PENDING")
            {
                return Errors422("Can not delete a non-pending pull request review");
            }
            Reviews.Remove(review);
            ReviewComments.RemoveAll(c => c.ReviewId == id);
            return Json(200, ReviewJson(review));
        }
    }

    private IResult ListReviews(HttpContext context, FakePullRequest pr)
    {
        lock (_lock)
        {
            return Page(context, Reviews.Where(r => r.Number == pr.Number && r.State != "PENDING").Select(r => (JsonNode)ReviewJson(r)).ToList());
        }
    }

    private IResult ListReviewComments(HttpContext context, FakePullRequest pr)
    {
        lock (_lock)
        {
            var published = Reviews.Where(r => r.State != "PENDING").Select(r => r.Id).ToHashSet();
            var template = (JsonObject)ExampleArray("pulls/list-review-comments")[0]!;
            return Page(context, ReviewComments
                .Where(c => c.Number == pr.Number && (c.ReviewId is null || published.Contains(c.ReviewId.Value)))
                .Select(c => (JsonNode)ReviewCommentJson(template, c))
                .ToList());
        }
    }

    /// <summary>GET or (with a new body) PATCH one review comment, as pulls/get-review-comment and pulls/update-review-comment answer.</summary>
    private IResult ReviewComment(long id, string? newBody)
    {
        lock (_lock)
        {
            if (ReviewComments.FirstOrDefault(c => c.Id == id) is not { } comment)
            {
                return Error(404, "Not Found");
            }
            if (newBody is not null)
            {
                comment.Body = newBody;
                CommentEdits.Add((id, newBody));
            }
            var json = ReviewCommentJson((JsonObject)Example(newBody is null ? "pulls/get-review-comment" : "pulls/update-review-comment"), comment);
            return Json(200, json);
        }
    }

    private JsonObject ReviewCommentJson(JsonObject template, FakeReviewComment c)
    {
        var json = (JsonObject)template.DeepClone();
        json["id"] = c.Id;
        json["node_id"] = $"PRRC_{c.Id}";
        json["body"] = c.Body;
        json["path"] = c.Path;
        // An outdated comment's line is null on GitHub; the description does not allow null, so it is left out (reads the same).
        if (c.Line is { } line)
        {
            json["line"] = line;
        }
        else
        {
            json.Remove("line");
        }
        json["original_line"] = c.OriginalLine;
        json["side"] = c.Side;
        json["start_line"] = c.StartLine;
        json["start_side"] = c.StartLine is null ? null : c.Side;
        json["commit_id"] = c.CommitId;
        json["pull_request_review_id"] = c.ReviewId;
        json["subject_type"] = c.SubjectType;
        if (c.InReplyTo is { } parent)
        {
            json["in_reply_to_id"] = parent;
        }
        else
        {
            json.Remove("in_reply_to_id");
        }
        json["user"] = UserJson(json["user"]!, c.Author);
        json["reactions"] = ReactionRollup(c);
        return json;
    }

    private JsonObject ReviewJson(FakeReview review)
    {
        var json = Example("pulls/create-review");
        json["id"] = review.Id;
        json["node_id"] = $"PRR_{review.Id}";
        json["body"] = review.Body;
        json["state"] = review.State;
        json["commit_id"] = review.CommitId;
        json["user"] = UserJson(json["user"]!, review.Author);
        return json;
    }

    /// <summary>The author of a review or comment; by default what GitHub shows for the bot's token's writes (<see cref="Writer"/>).</summary>
    private JsonNode UserJson(JsonNode template, FakeAccount? author)
    {
        var user = template.DeepClone();
        user["login"] = (author ?? Writer).Login;
        user["type"] = (author ?? Writer).Type;
        return user;
    }

    /// <summary>A review someone else posted (another bot, a person), as it would be listed.</summary>
    public FakeReview AddReview(FakePullRequest pr, string body, FakeAccount author)
    {
        ArgumentNullException.ThrowIfNull(pr);
        lock (_lock)
        {
            var review = new FakeReview(NextId(), pr.Number, body, "COMMENTED", pr.HeadSha) { Author = author };
            Reviews.Add(review);
            return review;
        }
    }

    /// <summary>A review comment someone else wrote: on a line, or (<paramref name="inReplyTo"/>) a reply in a thread.</summary>
    public FakeReviewComment AddReviewComment(FakePullRequest pr, string path, int line, string body, FakeAccount author, long? inReplyTo = null)
    {
        ArgumentNullException.ThrowIfNull(pr);
        var review = AddReview(pr, "", author);
        lock (_lock)
        {
            var comment = new FakeReviewComment
            {
                Id = NextId(), Number = pr.Number, Path = path, Body = body, Line = line, OriginalLine = line, CommitId = pr.HeadSha,
                ReviewId = review.Id, InReplyTo = inReplyTo, Author = author,
            };
            ReviewComments.Add(comment);
            return comment;
        }
    }

    /// <summary>
    /// Someone reacts to a review comment, as from GitHub's web page (not through the bot's token): it shows in the
    /// comment's <c>reactions</c> rollup and its reactions list. GitHub sends no webhook for it.
    /// </summary>
    public void React(FakeReviewComment comment, string content, FakeAccount user)
    {
        ArgumentNullException.ThrowIfNull(comment);
        lock (_lock)
        {
            UserReactions.Add(new FakeReaction(NextId(), comment.Id, content, user));
        }
    }

    public List<FakeReaction> UserReactions { get; } = [];

    /// <summary>The rollup GitHub puts on a review comment, in the shape of a pull_request_review_comment webhook's <c>comment.reactions</c>.</summary>
    private JsonObject ReactionRollup(FakeReviewComment comment)
    {
        var commentId = comment.Id;
        var repository = PullRequests.Values.FirstOrDefault(p => p.Number == comment.Number)?.Repository ?? "octocat/Hello-World";
        var contents = UserReactions.Where(r => r.CommentId == commentId).Select(r => r.Content)
            .Concat(Reactions.Where(r => r.CommentId == commentId).Select(r => r.Content)).ToList();
        var rollup = new JsonObject
        {
            ["url"] = new Uri(BaseUrl, $"repos/{repository}/pulls/comments/{commentId}/reactions").ToString(),
            ["total_count"] = contents.Count,
        };
        foreach (var kind in new[] { "+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes" })
        {
            rollup[kind] = contents.Count(c => c == kind);
        }
        return rollup;
    }

    /// <summary>reactions/list-for-pull-request-review-comment: who reacted how, oldest first, optionally one kind (<c>content</c>).</summary>
    private IResult ListReactions(HttpContext context, long commentId)
    {
        lock (_lock)
        {
            if (ReviewComments.All(c => c.Id != commentId))
            {
                return Error(404, "Not Found");
            }
            var template = (JsonObject)ExampleArray("reactions/list-for-pull-request-review-comment")[0]!;
            var content = context.Request.Query["content"].ToString();
            return Page(context, UserReactions.Where(r => r.CommentId == commentId && (content.Length == 0 || r.Content == content)).Select(r =>
            {
                var json = (JsonObject)template.DeepClone();
                json["id"] = r.Id;
                json["node_id"] = $"REA_{r.Id}";
                json["content"] = r.Content;
                json["user"] = UserJson(json["user"]!, r.User);
                json["user"]!["id"] = UserId(r.User.Login);
                return (JsonNode)json;
            }).ToList());
        }
    }

    private IResult ListCheckRuns(HttpContext context, string repository, string sha)
    {
        lock (_lock)
        {
            var name = context.Request.Query["check_name"].ToString();
            var runs = CheckRuns.Values
                .Where(r => string.Equals(r.Repository, repository, StringComparison.OrdinalIgnoreCase) && r.HeadSha == sha && (name.Length == 0 || r.Name == name))
                .OrderByDescending(r => r.Id)
                .Select(r => (JsonNode)CheckRunJson(r))
                .ToArray();
            return Json(200, new JsonObject { ["total_count"] = runs.Length, ["check_runs"] = new JsonArray(runs) });
        }
    }

    /// <summary>The two GraphQL operations the bot uses: a pull request's review threads, and resolving one.</summary>
    private IResult GraphQl(JsonObject body)
    {
        lock (_lock)
        {
            GraphQlCalls++;
            var query = body["query"]!.GetValue<string>();
            var variables = body["variables"]!.AsObject();
            if (query.Contains("resolveReviewThread", StringComparison.Ordinal))
            {
                var id = variables["id"]!.GetValue<string>();
                var comment = ReviewComments.FirstOrDefault(c => $"PRRT_{c.Id}" == id);
                if (comment is null)
                {
                    return Json(200, new JsonObject { ["data"] = null, ["errors"] = new JsonArray(new JsonObject { ["message"] = $"Could not resolve to a node with the global id of '{id}'" }) });
                }
                comment.Resolved = true;
                return Json(200, new JsonObject { ["data"] = new JsonObject { ["resolveReviewThread"] = new JsonObject { ["thread"] = new JsonObject { ["id"] = id, ["isResolved"] = true } } } });
            }
            if (query.Contains("reviewThreads", StringComparison.Ordinal))
            {
                var number = variables["number"]!.GetValue<int>();
                var published = Reviews.Where(r => r.State != "PENDING").Select(r => r.Id).ToHashSet();
                var nodes = ReviewComments.Where(c => c.Number == number && c.InReplyTo is null && c.ReviewId is { } r && published.Contains(r))
                    .Select(c => (JsonNode)new JsonObject
                    {
                        ["id"] = $"PRRT_{c.Id}",
                        ["isResolved"] = c.Resolved,
                        ["resolvedBy"] = c.Resolved ? new JsonObject { ["login"] = c.ResolvedBy ?? Writer.Login } : null,
                        ["isOutdated"] = c.Line is null,
                        ["comments"] = new JsonObject { ["nodes"] = new JsonArray(new JsonObject { ["databaseId"] = c.Id }) },
                    }).ToArray();
                return Json(200, new JsonObject
                {
                    ["data"] = new JsonObject
                    {
                        ["repository"] = new JsonObject
                        {
                            ["pullRequest"] = new JsonObject
                            {
                                ["reviewThreads"] = new JsonObject
                                {
                                    ["pageInfo"] = new JsonObject { ["hasNextPage"] = false, ["endCursor"] = null },
                                    ["nodes"] = new JsonArray(nodes),
                                },
                            },
                        },
                    },
                });
            }
            return Json(200, new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["message"] = "unsupported query" }) });
        }
    }

    private static IResult Errors422(string error) =>
        Json(422, new JsonObject
        {
            ["message"] = "Unprocessable Entity",
            ["errors"] = new JsonArray(error),
            ["documentation_url"] = "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request",
            ["status"] = "422",
        });

    /// <summary>The files of a pull request as GitHub lists them, from a real repository's diff (patch per file).</summary>
    public static List<FakeFile> FilesFromRepository(TestRepository repository, string baseSha, string headSha, IReadOnlySet<string>? withoutPatch = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var diff = repository.Git("diff", "--no-color", "-M", $"{baseSha}...{headSha}");
        return DiffParser.Parse(diff).Select(f =>
        {
            var status = f.Kind switch
            {
                FileChangeKind.Added => "added",
                FileChangeKind.Deleted => "removed",
                FileChangeKind.Renamed => "renamed",
                FileChangeKind.Copied => "copied",
                _ => "modified",
            };
            string? patch = null;
            if (!f.IsBinary && f.Hunks.Count > 0 && withoutPatch?.Contains(f.Path) != true)
            {
                patch = string.Join('\n', f.Hunks.Select(h =>
                    $"@@ -{h.OldStart},{h.OldCount} +{h.NewStart},{h.NewCount} @@{(h.Section.Length > 0 ? " " + h.Section : "")}\n" +
                    string.Join('\n', h.Lines.Select(l => (l.Kind switch { DiffLineKind.Added => "+", DiffLineKind.Removed => "-", _ => " " }) + l.Text))));
            }
            return new FakeFile(f.Path, status, f.AddedCount, f.RemovedCount) { ExplicitPatch = patch, HasPatch = patch is not null };
        }).ToList();
    }
}

public sealed record FakeReview(long Id, int Number, string Body, string State, string CommitId)
{
    /// <summary>Null: the App's bot account, like everything the bot posts.</summary>
    public FakeAccount? Author { get; set; }
}

/// <summary>A reaction someone gave a review comment.</summary>
public sealed record FakeReaction(long Id, long CommentId, string Content, FakeAccount User);

public sealed class FakeReviewComment
{
    public required long Id { get; init; }
    public required int Number { get; init; }
    public required string Path { get; init; }
    public required string Body { get; set; }
    public int? Line { get; set; }
    public int? OriginalLine { get; init; }
    public string Side { get; init; } = "RIGHT";
    public int? StartLine { get; init; }
    public string SubjectType { get; init; } = "line";
    public string CommitId { get; init; } = "";
    public long? ReviewId { get; set; }
    public long? InReplyTo { get; init; }
    public string? LineText { get; init; }
    public bool Resolved { get; set; }

    /// <summary>Who resolved the thread (GraphQL <c>resolvedBy</c>); null: the bot's account, which resolves fixed findings.</summary>
    public string? ResolvedBy { get; set; }

    /// <summary>Null: the App's bot account, like everything the bot posts.</summary>
    public FakeAccount? Author { get; set; }
}
