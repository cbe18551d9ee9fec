using ReviewBot.Feedback;
using ReviewBot.Jobs;

namespace ReviewBot.Commands;

public static class CommandsExtensions
{
    public static IHostApplicationBuilder AddCommands(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CommandsOptions>()
            .BindConfiguration(CommandsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<IJobHandler<CommandRequest>, CommandJobHandler>();
        builder.Services.AddSingleton<CommandMentions>();
        builder.AddFeedback();
        return builder;
    }
}
