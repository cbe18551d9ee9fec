using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ReviewBot.Tests.TestSupport;

/// <summary>
/// The App's installations as GitHub lists them: <c>GET /app/installations</c> as the App (JWT), and
/// <c>GET /installation/repositories</c> with an installation's token, which names the installation it was minted for.
/// The installations are the ones <see cref="InstallationsByRepository"/> names.
/// </summary>
public sealed partial class FakeGitHub
{
    private readonly Dictionary<string, long> _tokenInstallations = new(StringComparer.Ordinal);

    /// <summary>Installations GitHub lists with <c>suspended_at</c> set (an owner suspended the App there).</summary>
    public HashSet<long> SuspendedInstallations { get; } = [];

    /// <summary>Repositories GitHub lists as archived.</summary>
    public HashSet<string> ArchivedRepositories { get; } = new(StringComparer.OrdinalIgnoreCase);

    private void MapInstallationRoutes(WebApplication app)
    {
        app.MapGet("/app/installations", (HttpContext c) => AsApp(c, () => ListInstallations(c)));
        app.MapGet("/installation/repositories", (HttpContext c) => Authorized(c) ? ListInstallationRepositories(c) : Error(401, "Bad credentials"));
    }

    private void RememberInstallation(string token, long installationId)
    {
        lock (_lock)
        {
            _tokenInstallations[token] = installationId;
        }
    }

    private IResult ListInstallations(HttpContext context)
    {
        lock (_lock)
        {
            var template = (JsonObject)ExampleArray("apps/list-installations")[0]!;
            var items = InstallationsByRepository.Values.Distinct().Order().Select(id =>
            {
                var installation = (JsonObject)template.DeepClone();
                installation["id"] = id;
                installation["app_id"] = AppId;
                installation["app_slug"] = AppSlug;
                installation["access_tokens_url"] = $"{BaseUrl}app/installations/{id}/access_tokens";
                installation["suspended_at"] = SuspendedInstallations.Contains(id) ? "2026-11-30T12:00:00Z" : null;
                return (JsonNode)installation;
            }).ToList();
            return Page(context, items);
        }
    }

    private IResult ListInstallationRepositories(HttpContext context)
    {
        var token = context.Request.Headers.Authorization.ToString().Split(' ', 2)[^1];
        lock (_lock)
        {
            if (!_tokenInstallations.TryGetValue(token, out var installationId))
            {
                return Error(403, "This endpoint needs an installation access token");
            }
            var example = Example("apps/list-repos-accessible-to-installation");
            var template = (JsonObject)example["repositories"]![0]!;
            var names = InstallationsByRepository.Where(i => i.Value == installationId).Select(i => i.Key).Order(StringComparer.OrdinalIgnoreCase).ToList();
            var (perPage, page) = Paging(context);
            var repositories = names.Skip((page - 1) * perPage).Take(perPage).Select(fullName =>
            {
                var repository = (JsonObject)template.DeepClone();
                var (owner, name) = (fullName.Split('/')[0], fullName.Split('/')[1]);
                repository["id"] = 100_000 + (fullName.GetHashCode(StringComparison.OrdinalIgnoreCase) & 0xFFFFFF);
                repository["name"] = name;
                repository["full_name"] = fullName;
                repository["owner"]!["login"] = owner;
                repository["archived"] = ArchivedRepositories.Contains(fullName);
                return (JsonNode)repository;
            }).ToArray();
            return Json(200, new JsonObject { ["total_count"] = names.Count, ["repositories"] = new JsonArray(repositories) });
        }
    }
}
