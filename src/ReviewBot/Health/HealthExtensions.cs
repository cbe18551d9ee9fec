using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ReviewBot.Caching;

namespace ReviewBot.Health;

public static class HealthExtensions
{
    private const string Ready = "ready";

    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        var checks = builder.Services.AddHealthChecks()
            .AddCheck<GitHubAppHealthCheck>("github-app", tags: [Ready]);
        if (builder.Configuration.UsesRedis())
        {
            checks.AddCheck<RedisHealthCheck>("redis", tags: [Ready]);
            checks.AddCheck<JobStreamHealthCheck>("jobs", tags: [Ready]);
        }

        return builder;
    }

    /// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: it can do its work, with each check's verdict as JSON.</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Ready),
            ResponseWriter = WriteReportAsync,
        });
        return app;
    }

    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
    }
}
