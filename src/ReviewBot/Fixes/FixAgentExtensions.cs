namespace ReviewBot.Fixes;

public static class FixAgentExtensions
{
    /// <summary>The fix agent and its budgets (<c>Fixes:Agent</c>), checked at startup. Needs the model and the workspace.</summary>
    public static IHostApplicationBuilder AddFixAgent(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FixAgentOptions>()
            .BindConfiguration(FixAgentOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.MaxWallTime >= TimeSpan.FromSeconds(1) && o.MaxWallTime <= TimeSpan.FromHours(2),
                "Fixes:Agent:MaxWallTime must be between 00:00:01 and 02:00:00.")
            .ValidateOnStart();
        builder.Services.AddSingleton<FixAgent>();
        return builder;
    }
}
