using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ReviewBot.Feedback;
using ReviewBot.Jobs;
using ReviewBot.Model;
using ReviewBot.Spending;

namespace ReviewBot.Status;

public static class StatusExtensions
{
    public static IHostApplicationBuilder AddStatus(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StatusOptions>()
            .BindConfiguration(StatusOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<RecentWork>();
        return builder;
    }

    /// <summary><c>GET /</c>: the status page, behind its token; 404 when no token is set, as if there were none.</summary>
    public static WebApplication MapStatus(this WebApplication app)
    {
        var style = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(StatusPage.NormalizedStyle)));
        app.MapGet("/", async (HttpContext context, IOptions<StatusOptions> options, HealthCheckService health, IJobQueue queue,
            RecentWork recent, IOptions<ModelOptions> model, SpendLimits spend, FeedbackLearner feedback) =>
        {
            if (options.Value.Token is not { } token)
            {
                return Results.NotFound();
            }

            if (!StatusToken.Opens(context.Request.Headers.Authorization.ToString(), token))
            {
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"ReviewBot status\", charset=\"UTF-8\"";
                return Results.Text("The status page needs its token (Status:Token), as the password.", statusCode: StatusCodes.Status401Unauthorized);
            }

            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = $"default-src 'none'; style-src 'sha256-{style}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
            headers.CacheControl = "no-store";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XContentTypeOptions = "nosniff";
            var report = await health.CheckHealthAsync(context.RequestAborted);
            var work = recent.Newest();
            var view = new StatusView(Environment.MachineName, typeof(StatusPage).Assembly.GetName().Version?.ToString(3) ?? "?",
                Uptime(), DateTimeOffset.UtcNow, report, ModelLine(model.Value), queue.Pending, work, await StandingAsync(spend, work), spend.HasLimits)
            {
                Feedback = feedback.Standings(),
            };
            return Results.Content(StatusPage.Render(view), "text/html; charset=utf-8");
        });
        return app;
    }

    /// <summary>The budgets of the accounts the listed work spent (the ten most recent), as they stand now.</summary>
    private static async Task<IReadOnlyList<SpendStanding>> StandingAsync(SpendLimits spend, IReadOnlyList<WorkRecord> work)
    {
        if (!spend.HasLimits)
        {
            return [];
        }
        var accounts = work.Select(w => new SpendAccount(w.InstallationId, w.Repository.Split('/')[0], w.Repository.Split('/')[^1])).Distinct().Take(10);
        try
        {
            var standings = new List<SpendStanding>();
            foreach (var account in accounts)
            {
                standings.AddRange(await spend.StandingAsync(account));
            }
            return standings;
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            // The page still shows the rest; the health table says Redis is away.
            return [];
        }
    }

    private static TimeSpan Uptime()
    {
        using var process = Process.GetCurrentProcess();
        return DateTime.UtcNow - process.StartTime.ToUniversalTime();
    }

    /// <summary>Where the model is, without a user name or password that may be in its address.</summary>
    private static string ModelLine(ModelOptions model) =>
        model.IsConfigured ? $"{model.Name} at {model.Endpoint?.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped)}" : "";
}
