namespace ReviewBot.Workspace;

public static class WorkspaceExtensions
{
    public static IHostApplicationBuilder AddWorkspace(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkspaceOptions>()
            .BindConfiguration(WorkspaceOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<GitRunner>();
        builder.Services.AddSingleton<RepositoryMirrors>();
        builder.Services.AddSingleton<FixBranch>();
        return builder;
    }
}
