using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using ReviewBot.Model;
using ReviewBot.Reviews;
using ReviewBot.Workspace;

namespace ReviewBot.Tests.TestSupport;

/// <summary>The engine's services wired as the service wires them (settings only), without the web host; logs captured.</summary>
public static class EngineHost
{
    public static IHost Create(IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], EnvironmentName = "Testing" });
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Workspace:Root"] = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "workspaces-" + Guid.NewGuid().ToString("N")[..8]),
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            all[k] = v;
        }
        builder.Configuration.AddInMemoryCollection(all);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddFakeLogging();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddModel();
        builder.AddWorkspace();
        builder.AddReviewEngine();
        return builder.Build();
    }
}
