using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ReviewBot.Tests.TestSupport;

public sealed partial class FakeGitHub
{
    private const string Repo = "/repos/{owner}/{repo}";

    /// <summary>The routes this fake serves, as (method, route pattern): the calls the bot makes, since it is built to answer them.</summary>
    public IReadOnlyList<(string Method, string Pattern)> Routes =>
        ((IEndpointRouteBuilder)_app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, e.RoutePattern.RawText!)))
            .ToList();

    private void MapRoutes(WebApplication app)
    {
        app.MapGet("/app", (HttpContext c) => AsApp(c, CurrentApp));
        app.MapPost("/app/installations/{id:long}/access_tokens", (HttpContext c, long id) => AsApp(c, () => MintToken(id)));
        app.MapGet($"{Repo}/installation", (HttpContext c, string owner, string repo) => AsApp(c, () => Installation(owner, repo)));

        var repos = app.MapGroup(Repo).AddEndpointFilter(async (context, next) =>
            Authorized(context.HttpContext) ? await next(context) : Error(401, "Bad credentials"));
        repos.MapGet("/pulls/{number:int}", (string owner, string repo, int number) => WithPull(owner, repo, number, PullJson));
        repos.MapGet("/pulls", (HttpContext c, string owner, string repo) => ListPulls(c, $"{owner}/{repo}"));
        repos.MapGet("/pulls/{number:int}/files", async (HttpContext c, string owner, string repo, int number) =>
        {
            await FilesGate.Task;
            return WithPull(owner, repo, number, pr => ListFiles(c, pr));
        });
        repos.MapPost("/check-runs", async (HttpContext c, string owner, string repo) => CreateCheckRun($"{owner}/{repo}", await BodyAsync(c)));
        repos.MapMethods("/check-runs/{id:long}", ["PATCH"], async (HttpContext c, long id) => UpdateCheckRun(id, await BodyAsync(c)));
        repos.MapGet("/check-runs/{id:long}", (long id) => GetCheckRun(id));
        repos.MapGet("/issues/{number:int}", (string owner, string repo, int number) => Issue($"{owner}/{repo}", number));
        repos.MapGet("/collaborators/{user}/permission", (string owner, string repo, string user) => Permission(user));
        repos.MapPost("/issues/{number:int}/comments", async (HttpContext c, string owner, string repo, int number) =>
            AddComment($"{owner}/{repo}", number, await BodyAsync(c), inReplyTo: null));
        repos.MapPost("/pulls/{number:int}/comments/{id:long}/replies", async (HttpContext c, string owner, string repo, int number, long id) =>
            IsReviewComment(id) ? AddReviewReply(number, id, await BodyAsync(c)) : AddComment($"{owner}/{repo}", number, await BodyAsync(c), id));
        repos.MapMethods("/issues/comments/{id:long}", ["PATCH"], async (HttpContext c, long id) => EditComment(id, (await BodyAsync(c))["body"]!.GetValue<string>()));
        repos.MapPost("/issues/comments/{id:long}/reactions", async (HttpContext c, long id) => React(id, await BodyAsync(c)));
        repos.MapPost("/pulls/comments/{id:long}/reactions", async (HttpContext c, long id) => React(id, await BodyAsync(c)));
        MapReviewRoutes(repos, app);
        MapInstallationRoutes(app);
        MapManifestRoutes(app);
        app.MapFallback(() => Error(404, "Not Found"));
    }

    /// <summary>
    /// The JSON body whatever the content type: Octokit labels its JSON bodies application/x-www-form-urlencoded, and GitHub
    /// reads them as JSON all the same.
    /// </summary>
    private static async Task<JsonObject> BodyAsync(HttpContext context) =>
        (await JsonNode.ParseAsync(context.Request.Body))?.AsObject() ?? [];

    private IResult MintToken(long installationId)
    {
        var token = new JsonObject
        {
            ["token"] = MintedToken ?? "ghs_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(18)),
            ["expires_at"] = DateTimeOffset.UtcNow.Add(TokenLifetime).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["permissions"] = new JsonObject { ["checks"] = "write", ["pull_requests"] = "write", ["contents"] = "read" },
            ["repository_selection"] = "all",
        };
        lock (_lock)
        {
            Tokens[token["token"]!.GetValue<string>()] = DateTimeOffset.UtcNow.Add(TokenLifetime);
            TokensMinted++;
        }

        RememberInstallation(token["token"]!.GetValue<string>(), installationId);
        return Json(201, token);
    }

    private IResult CurrentApp()
    {
        if (AppFailure is { } status)
        {
            return Error(status, "Server Error");
        }
        var app = Example("apps/get-authenticated");
        app["id"] = AppId;
        app["slug"] = AppSlug;
        app["name"] = AppSlug;
        app["html_url"] = $"https://github.com/apps/{AppSlug}";
        return Json(200, app);
    }

    private IResult Installation(string owner, string repo)
    {
        lock (_lock)
        {
            if (!InstallationsByRepository.TryGetValue($"{owner}/{repo}", out var id))
            {
                return Error(404, "Not Found");
            }

            var installation = Example("apps/get-repo-installation");
            installation["id"] = id;
            installation["app_id"] = AppId;
            return Json(200, installation);
        }
    }

    private IResult WithPull(string owner, string repo, int number, Func<FakePullRequest, IResult> then)
    {
        lock (_lock)
        {
            return PullRequests.TryGetValue($"{owner}/{repo}#{number}", out var pr) ? then(pr) : Error(404, "Not Found");
        }
    }

    private static IResult PullJson(FakePullRequest pr) => Json(200, PullObject(pr, "pulls/get"));

    private static JsonObject PullObject(FakePullRequest pr, string operationId)
    {
        var json = operationId == "pulls/list" ? (JsonObject)ExampleArray(operationId)[0]!.DeepClone() : Example(operationId);
        json["number"] = pr.Number;
        json["state"] = pr.State;
        if (json.ContainsKey("merged"))
        {
            // GitHub's example is of a merged pull request; the fake's are open unless a test merges them.
            json["merged"] = pr.Merged;
            json["merged_at"] = pr.Merged ? "2026-11-30T12:00:00Z" : null;
        }
        json["head"]!["sha"] = pr.HeadSha;
        json["base"]!["sha"] = pr.BaseSha;
        json["draft"] = pr.Draft;
        json["head"]!["repo"]!["full_name"] = pr.HeadRepository ?? pr.Repository;
        json["head"]!["ref"] = pr.HeadRef;
        if (json.ContainsKey("maintainer_can_modify"))
        {
            json["maintainer_can_modify"] = pr.MaintainerCanModify;
        }
        json["base"]!["repo"]!["full_name"] = pr.Repository;
        // GitHub's own example lists a team without the "type" its schema requires; no requested teams keeps the answer valid.
        json["requested_teams"] = new JsonArray();
        json["title"] = pr.Title;
        if (pr.Author is { } author)
        {
            json["user"]!["login"] = author.Login;
            json["user"]!["type"] = author.Type;
        }
        var label = json["labels"]?.AsArray().FirstOrDefault() ?? new JsonObject();
        json["labels"] = new JsonArray(pr.Labels.Select(name =>
        {
            var l = label.DeepClone();
            l["name"] = name;
            return l;
        }).ToArray());
        json["body"] = pr.Body;
        if (pr.CloneUrl is not null)
        {
            json["head"]!["repo"]!["clone_url"] = pr.HeadCloneUrl ?? pr.CloneUrl;
            json["base"]!["repo"]!["clone_url"] = pr.CloneUrl;
        }
        return json;
    }

    private IResult Issue(string repository, int number)
    {
        lock (_lock)
        {
            if (!Issues.TryGetValue($"{repository}#{number}", out var issue))
            {
                return Error(404, "Not Found");
            }
            var json = Example("issues/get");
            json["number"] = issue.Number;
            json["title"] = issue.Title;
            json["body"] = issue.Body;
            return Json(200, json);
        }
    }

    private IResult ListPulls(HttpContext context, string repository)
    {
        lock (_lock)
        {
            var state = context.Request.Query["state"].ToString() is { Length: > 0 } s ? s : "open";
            var items = PullRequests.Values
                .Where(pr => string.Equals(pr.Repository, repository, StringComparison.OrdinalIgnoreCase) && (state == "all" || pr.State == state))
                .Select(pr => (JsonNode)PullObject(pr, "pulls/list"))
                .ToList();
            return Page(context, items);
        }
    }

    private static IResult ListFiles(HttpContext context, FakePullRequest pr)
    {
        var template = (JsonObject)ExampleArray("pulls/list-files")[0]!;
        var items = pr.Files.Take(3000).Select(f =>
        {
            var file = (JsonObject)template.DeepClone();
            file["filename"] = f.Path;
            file["status"] = f.Status;
            file["additions"] = f.Additions;
            file["deletions"] = f.Deletions;
            file["changes"] = f.Additions + f.Deletions;
            if (f.Patch is { } patch)
            {
                file["patch"] = patch;
            }
            else
            {
                file.Remove("patch");
            }
            return (JsonNode)file;
        }).ToList();
        return Page(context, items);
    }

    /// <summary>GitHub's pagination: <c>per_page</c> (default 30, at most 100), <c>page</c>, and a Link header.</summary>
    private static IResult Page(HttpContext context, List<JsonNode> items)
    {
        var (perPage, page) = Paging(context);
        var last = Math.Max(1, (items.Count + perPage - 1) / perPage);
        if (page < last)
        {
            var url = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}";
            context.Response.Headers.Link =
                $"<{url}?per_page={perPage}&page={page + 1}>; rel=\"next\", <{url}?per_page={perPage}&page={last}>; rel=\"last\"";
        }

        return Json(200, new JsonArray(items.Skip((page - 1) * perPage).Take(perPage).Select(i => i.DeepClone()).ToArray()));
    }

    /// <summary>The page asked for: <c>per_page</c> (default 30, at most 100) and <c>page</c> (from 1).</summary>
    private static (int PerPage, int Page) Paging(HttpContext context) =>
        (int.TryParse(context.Request.Query["per_page"], out var p) ? Math.Clamp(p, 1, 100) : 30,
         int.TryParse(context.Request.Query["page"], out var n) ? Math.Max(n, 1) : 1);

    private IResult CreateCheckRun(string repository, JsonObject body)
    {
        if (CheckRunProblem(body) is { } problem)
        {
            return Error(422, problem);
        }

        lock (_lock)
        {
            var run = new FakeCheckRun
            {
                Id = NextId(),
                Repository = repository,
                Name = body["name"]!.GetValue<string>(),
                HeadSha = body["head_sha"]!.GetValue<string>(),
                AppId = WorkflowWrites ? ActionsAppId : AppId,
                AppSlug = WorkflowWrites ? ActionsAppSlug : AppSlug,
            };
            Apply(run, body);
            CheckRuns[run.Id] = run;
            return Json(201, CheckRunJson(run));
        }
    }

    private IResult GetCheckRun(long id)
    {
        lock (_lock)
        {
            return CheckRuns.TryGetValue(id, out var run) ? Json(200, CheckRunJson(run)) : Error(404, "Not Found");
        }
    }

    private IResult UpdateCheckRun(long id, JsonObject body)
    {
        if (CheckRunProblem(body) is { } problem)
        {
            return Error(422, problem);
        }

        lock (_lock)
        {
            if (!CheckRuns.TryGetValue(id, out var run))
            {
                return Error(404, "Not Found");
            }

            Apply(run, body);
            return Json(200, CheckRunJson(run));
        }
    }

    /// <summary>The rules GitHub enforces on check runs beyond the schema (documented limits).</summary>
    private static string? CheckRunProblem(JsonObject body)
    {
        if (body["status"]?.GetValue<string>() == "completed" && body["conclusion"] is null)
        {
            return "conclusion is required when status is completed";
        }

        if (body["output"] is JsonObject output && (output["summary"]?.GetValue<string>().Length ?? 0) > 65535)
        {
            return "output.summary is longer than 65535 characters";
        }

        if (body["actions"] is JsonArray actions)
        {
            if (actions.Count > 3)
            {
                return "at most 3 actions";
            }

            foreach (var action in actions.OfType<JsonObject>())
            {
                if (action["label"]?.GetValue<string>().Length > 20 || action["description"]?.GetValue<string>().Length > 40 ||
                    action["identifier"]?.GetValue<string>().Length > 20)
                {
                    return "action label ≤ 20, description ≤ 40, identifier ≤ 20 characters";
                }
            }
        }

        return null;
    }

    private static void Apply(FakeCheckRun run, JsonObject body)
    {
        if (body["status"]?.GetValue<string>() is { } status)
        {
            run.Status = status;
            run.StatusHistory.Add(status);
        }

        // As on GitHub, a conclusion alone completes the run.
        if (body["conclusion"]?.GetValue<string>() is { } conclusion)
        {
            run.Conclusion = conclusion;
            if (run.Status != "completed")
            {
                run.Status = "completed";
                run.StatusHistory.Add("completed");
            }
        }

        if (body["started_at"]?.GetValue<string>() is { } started)
        {
            run.StartedAt = DateTimeOffset.Parse(started, CultureInfo.InvariantCulture);
        }

        run.Name = body["name"]?.GetValue<string>() ?? run.Name;
        run.ExternalId = body["external_id"]?.GetValue<string>() ?? run.ExternalId;
        run.Output = body["output"]?.DeepClone() as JsonObject ?? run.Output;
        run.Actions = body["actions"]?.DeepClone() as JsonArray ?? run.Actions;
    }

    private static JsonObject CheckRunJson(FakeCheckRun run)
    {
        var json = Example("checks/create");
        json["id"] = run.Id;
        json["name"] = run.Name;
        json["head_sha"] = run.HeadSha;
        json["status"] = run.Status;
        json["conclusion"] = run.Conclusion;
        json["started_at"] = run.StartedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        json["external_id"] = run.ExternalId ?? "";
        json["app"]!["id"] = run.AppId;
        json["app"]!["slug"] = run.AppSlug;
        if (run.Output is { } output)
        {
            json["output"]!["title"] = output["title"]?.DeepClone();
            json["output"]!["summary"] = output["summary"]?.DeepClone();
        }

        return json;
    }

    /// <summary>A stable id per login, as GitHub gives every account one.</summary>
    public static long UserId(string login) => 1_000 + login.Aggregate(17L, (h, c) => (h * 31 + c) % 9_000_000);

    private IResult Permission(string user)
    {
        lock (_lock)
        {
            var level = Permissions.TryGetValue(user, out var p) ? p : "read";
            var json = Example("repos/get-collaborator-permission-level");
            json["permission"] = level;
            json["role_name"] = level;
            json["user"]!["login"] = user;
            json["user"]!["id"] = UserId(user);
            // GitHub's example leaves out the user's role_name, which its schema requires and GitHub sends.
            json["user"]!["role_name"] = level;
            return Json(200, json);
        }
    }

    private IResult AddComment(string repository, int number, JsonObject body, long? inReplyTo)
    {
        lock (_lock)
        {
            var comment = new FakeComment(NextId(), repository, number, body["body"]!.GetValue<string>(), inReplyTo);
            Comments.Add(comment);
            var json = Example(inReplyTo is null ? "issues/create-comment" : "pulls/create-reply-for-review-comment");
            json["id"] = comment.Id;
            json["body"] = comment.Body;
            return Json(201, json);
        }
    }

    private IResult EditComment(long id, string body)
    {
        lock (_lock)
        {
            var index = Comments.FindIndex(c => c.Id == id);
            if (index < 0)
            {
                return Error(404, "Not Found");
            }
            Comments[index] = Comments[index] with { Body = body };
            CommentEdits.Add((id, body));
            var json = Example("issues/update-comment");
            json["id"] = id;
            json["body"] = body;
            return Json(200, json);
        }
    }

    private IResult React(long commentId, JsonObject body)
    {
        lock (_lock)
        {
            var content = body["content"]!.GetValue<string>();
            Reactions.Add((commentId, content));
            var json = Example("reactions/create-for-issue-comment");
            json["id"] = NextId();
            json["content"] = content;
            return Json(201, json);
        }
    }

    private IResult AsApp(HttpContext context, Func<IResult> then) =>
        AppJwtIsValid(context.Request.Headers.Authorization.ToString()) ? then() : Error(401, "A JSON web token could not be decoded");

    /// <summary>Checks the App JWT as GitHub does: RS256 over header.payload with the App's key, iss, and a lifetime of at most 10 minutes.</summary>
    private bool AppJwtIsValid(string authorization)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = authorization["Bearer ".Length..].Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        var signed = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
        if (!TestKeys.Rsa.VerifyData(signed, Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return false;
        }

        var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]))!;
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var iat = payload["iat"]!.GetValue<long>();
        var exp = payload["exp"]!.GetValue<long>();
        return header["alg"]!.GetValue<string>() == "RS256" &&
            payload["iss"]!.ToString() == AppId.ToString(CultureInfo.InvariantCulture) &&
            iat <= now && exp > now && exp - iat <= 11 * 60;
    }

    private bool Authorized(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        // Installation tokens work with either scheme; the App's JWT (Bearer too) is not in Tokens.
        var token = header.StartsWith("token ", StringComparison.OrdinalIgnoreCase) ? header[6..]
            : header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..] : null;
        lock (_lock)
        {
            return token is not null && Tokens.TryGetValue(token, out var expires) && expires > DateTimeOffset.UtcNow;
        }
    }

    private static IResult Json(int status, JsonNode body) =>
        Results.Text(body.ToJsonString(), "application/json; charset=utf-8", Encoding.UTF8, status);

    private static IResult Error(int status, string message) =>
        Json(status, new JsonObject { ["message"] = message, ["documentation_url"] = "https://docs.github.com/rest" });

    private static JsonObject Example(string operationId) => (JsonObject)GitHubOpenApi.SuccessExample(operationId).DeepClone();

    private static JsonArray ExampleArray(string operationId) => (JsonArray)GitHubOpenApi.SuccessExample(operationId).DeepClone();
}
