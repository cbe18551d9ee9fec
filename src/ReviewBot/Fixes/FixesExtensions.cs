namespace ReviewBot.Fixes;

public static class FixesExtensions
{
    public static IHostApplicationBuilder AddFixes(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SandboxOptions>()
            .BindConfiguration(SandboxOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.ReadOnlyPaths.All(p => !string.IsNullOrWhiteSpace(p) && Path.IsPathFullyQualified(p)),
                "Fixes:Sandbox:ReadOnlyPaths must hold absolute paths only.")
            .ValidateOnStart();
        builder.Services.AddSingleton<FixValidator>();
        builder.Services.AddSingleton<VerifySandbox>();
        return builder;
    }
}
