using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;

namespace ReviewBot.Hosting;

public static class HostingExtensions
{
    /// <summary>
    /// Runs the service. A configuration mistake ends it with the settings to fix, one per line, and exit code 2,
    /// rather than a stack trace a newcomer has to read through.
    /// </summary>
    public static int RunUntilStopped(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            // Taken before the run: the host disposes its services when it stops. They are singletons, so these are the ones it runs.
            var background = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
            // A service that ended before anyone asked the host to stop (failed, or let a cancellation escape) is what
            // stopped it. Read when stopping begins, because at shutdown every loop ends cancelled on purpose.
            BackgroundService? ended = null;
            using var stopping = app.Lifetime.ApplicationStopping.Register(() => ended = Ended(background));
            try
            {
                app.Run();
            }
            catch (OperationCanceledException) when (Ended(background) is not null)
            {
                // The failure came while the host was still starting, which cancels the start.
                ended ??= Ended(background);
            }

            return ended is not null ? EndedExit(ended) : 0;
        }
        catch (OptionsValidationException ex)
        {
            Console.Error.WriteLine("ReviewBot cannot start; fix these settings (appsettings.json or environment variables):");
            foreach (var failure in ex.Failures)
            {
                Console.Error.WriteLine($"  - {failure}");
            }

            return 2;
        }
    }

    /// <summary>
    /// A background service that ended with an exception: the loops guard themselves (<see cref="BackgroundLoop"/>), so this is
    /// a bug, and .NET would stop the host with exit code 0, which a supervisor's restart-on-failure takes for a clean stop.
    /// </summary>
    private static BackgroundService? Ended(IEnumerable<BackgroundService> services) =>
        services.FirstOrDefault(s => s.ExecuteTask is { IsFaulted: true } or { IsCanceled: true });

    private static int EndedExit(BackgroundService service)
    {
        var why = service.ExecuteTask!.Exception?.GetBaseException().Message ?? "its work was cancelled";
        Console.Error.WriteLine($"ReviewBot stopped because {service.GetType().Name} ended: {why}");
        return 1;
    }

    /// <summary>
    /// Reads <c>.env</c> in the working directory when there is one (what <c>register</c> writes), below the environment
    /// variables and the command line and above appsettings.json, as Compose's <c>env_file</c> ranks it. A file that does not
    /// parse, or that others may write (it could point the service at another git, sandbox or GitHub), ends the start with
    /// the reason, before anything runs.
    /// </summary>
    public static WebApplicationBuilder AddEnvFile(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var path = Path.Combine(Directory.GetCurrentDirectory(), EnvFile.DefaultName);
        if (!File.Exists(path))
        {
            return builder;
        }

        Dictionary<string, string?> settings;
        try
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                throw new FormatException("others may write it; chmod 600 it (it holds secrets).");
            }
            settings = EnvFile.Parse(File.ReadLines(path));
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            // Before the host exists there is no logger and no exit-code path (RunUntilStopped) to hand this to.
            Console.Error.WriteLine($"ReviewBot cannot start: {path}: {ex.Message}");
            Environment.Exit(2);
            return builder;
        }

        var sources = builder.Configuration.Sources;
        var environment = sources.ToList().FindLastIndex(s => s is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        sources.Insert(environment < 0 ? sources.Count : environment, new MemoryConfigurationSource { InitialData = settings });
        return builder;
    }
}
