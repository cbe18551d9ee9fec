using ReviewBot.Caching;
using ReviewBot.Commands;
using ReviewBot.Feedback;
using ReviewBot.Fixes;
using ReviewBot.GitHub;
using ReviewBot.Health;
using ReviewBot.Jobs;
using ReviewBot.Model;
using ReviewBot.Pipeline;
using ReviewBot.Hosting;
using ReviewBot.Webhooks;
using ReviewBot.Workspace;
using ReviewBot.Cli;
using ReviewBot.Publishing;
using ReviewBot.Reconciling;
using ReviewBot.Status;
using ReviewBot.Telemetry;
using ReviewBot.Spending;

// `review` and `context` are command-line verbs on the same executable. `serve`, no arguments at all or options only
// (`--urls URL`) start the service; anything else (a mistyped verb) is refused and never starts it.
if (!CommandLine.StartsServer(args))
{
    return await CommandLine.RunAsync(args);
}
args = CommandLine.ServerArguments(args);

// The user-edited appsettings.json sits at the repository root and is copied next to the binary,
// so the content root is the binary's folder whatever directory the service was started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});

builder.AddEnvFile();
builder.AddTelemetry();
builder.AddCaching();
builder.AddGitHubApp();
builder.AddModel();
builder.AddSpending();
builder.AddWorkspace();
builder.AddJobs();
builder.AddPipeline();
builder.AddPublishing();
builder.AddFeedback();
builder.AddFixAgent();
builder.AddCommands();
builder.AddFixes();
builder.AddWebhooks();
builder.AddReconciler();
builder.AddHealth();
builder.AddStatus();

var app = builder.Build();

app.MapHealth();
app.MapTelemetry();
app.MapWebhooks();
app.MapStatus();

return app.RunUntilStopped();
