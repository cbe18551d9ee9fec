using Microsoft.AspNetCore.Http.Features;
using Octokit.Webhooks;
using Octokit.Webhooks.AspNetCore;
using ReviewBot.Caching;
using ReviewBot.GitHub;

namespace ReviewBot.Webhooks;

public static partial class WebhooksExtensions
{
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhooksOptions>()
            .BindConfiguration(WebhooksOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<WebhookRouter>();
        builder.Services.AddSingleton<WebhookTally>();
        builder.Services.AddHostedService<WebhookSummary>();
        builder.Services.AddSingleton<WebhookEventProcessor, WebhookIngestProcessor>();
        // With Redis the job stream remembers job ids (IJobQueue.RemembersJobs), and this log is not asked.
        builder.Services.AddSingleton<IDeliveryLog, InMemoryDeliveryLog>();

        builder.Services.AddOptions<GitHubWebhookOptions>()
            .Configure<IOptions<GitHubOptions>>((webhook, github) =>
            {
                webhook.Secret = string.IsNullOrWhiteSpace(github.Value.WebhookSecret) ? null : github.Value.WebhookSecret;
                webhook.ExceptionHandler = AnswerAsync;
            });
        return builder;
    }

    public static WebApplication MapWebhooks(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<WebhooksOptions>>().Value;
        var tally = app.Services.GetRequiredService<WebhookTally>();

        // Refuse oversized bodies before anyone buffers them: by Content-Length at once, and for chunked bodies through
        // the server's limit, whose BadHttpRequestException AnswerAsync turns into the 413 it stands for.
        app.UseWhen(c => c.Request.Path.StartsWithSegments(options.Path), branch => branch.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > options.MaxBodyBytes)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await context.Response.WriteAsync($"The body exceeds {options.MaxBodyBytes} bytes.");
                tally.Count(context.Response.StatusCode, null, context.Request.Headers["X-GitHub-Event"]);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = options.MaxBodyBytes;
            }

            await next(context);
            tally.Count(context.Response.StatusCode, context.Response.Headers[WebhookIngestProcessor.OutcomeHeader], context.Request.Headers["X-GitHub-Event"]);
        }));

        app.MapGitHubWebhooks(options.Path);
        return app;
    }

    /// <summary>Turns the exceptions the acknowledgement path can meet into 4xx answers; anything else stays a logged 500.</summary>
    private static async ValueTask<bool> AnswerAsync(Exception exception, HttpContext context)
    {
        var (status, reason) = exception switch
        {
            WebhookRejectedException rejected => (rejected.StatusCode, rejected.Message),
            BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The body is too large." : bad.Message),
            ArgumentException or JsonException => (StatusCodes.Status400BadRequest, exception.Message),
            _ => (0, ""),
        };
        if (status == 0 || context.Response.HasStarted)
        {
            return false;
        }

        context.Response.StatusCode = status;
        await context.Response.WriteAsync(reason);
        return true;
    }
}
