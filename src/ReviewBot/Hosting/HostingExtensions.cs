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
            app.Run();
            return 0;
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
}
