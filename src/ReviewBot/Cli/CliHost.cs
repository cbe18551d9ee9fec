using ReviewBot.Fixes;
using System.Text.Json.Nodes;
using ReviewBot.Commands;
using ReviewBot.Context;
using ReviewBot.GitHub;
using ReviewBot.Jobs;
using ReviewBot.Model;
using ReviewBot.Pipeline;
using ReviewBot.Publishing;
using ReviewBot.Reviews;
using ReviewBot.Workspace;

using ReviewBot.Status;
using ReviewBot.Evaluation;

namespace ReviewBot.Cli;

/// <summary>
/// The host a command-line verb runs in: settings as for the service, logs one line each on standard error, and the parts
/// the verb needs. It is built, never started, so no background service runs.
/// </summary>
internal static class CliHost
{
    public static IHost Build(IEnumerable<KeyValuePair<string, string?>>? settings, TextWriter error, bool verbose, ReviewProgress? progress,
        bool forAction = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        // Standard output carries the result; warnings go to standard error, one line each. Polly's retry records and
        // exception stack traces only with --verbose.
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new OneLineLoggerProvider(error, verbose));
        builder.Logging.AddFilter(null, verbose ? LogLevel.Information : LogLevel.Warning);
        if (!verbose)
        {
            builder.Logging.AddFilter("Polly", LogLevel.None);
        }
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddModel();
        if (progress is not null)
        {
            builder.Services.AddSingleton(progress);
            builder.Services.AddHttpClient(ModelClient.HttpClientName).AddHttpMessageHandler(progress.CreateHandler);
        }
        builder.AddWorkspace();
        builder.AddReviewEngine();
        builder.AddEvaluation();
        if (forAction)
        {
            AddActionParts(builder);
        }
        return builder.Build();
    }

    /// <summary>
    /// The server's parts the Action runs: GitHub access, the router, the review orchestration, publishing, commands and
    /// the in-process queue a <c>review</c> command puts its review in. The host is never started, so none of their
    /// background services (workers, the check-run announcer, the App's startup report) runs.
    /// </summary>
    private static void AddActionParts(HostApplicationBuilder builder)
    {
        // One step's process: nothing to share with another, so the cache is in memory even where Redis is configured.
        // So are the queue and the locks: the step's one review runs in this process (Redis settings meant for a server are ignored).
        builder.Configuration["ConnectionStrings:Redis"] = "";
        builder.Services.AddDistributedMemoryCache();
        builder.Services.AddSingleton<ReviewBot.Caching.ClusterLocks>();
        builder.AddGitHubApp();
        ReviewBot.Spending.SpendingExtensions.AddSpending(builder);
        builder.AddJobs();
        builder.AddPipeline();
        builder.AddPublishing();
        builder.AddCommands();
        builder.AddFixAgent();
        builder.AddFixes();
        builder.Services.AddSingleton<ReviewBot.Webhooks.WebhookRouter>();
        // The handlers note what they did for the status page; a step's process has no page, so this is only kept.
        builder.AddStatus();
    }
}
