using Microsoft.Extensions.DependencyInjection.Extensions;
using ReviewBot.Caching;

namespace ReviewBot.Spending;

public static class SpendingExtensions
{
    /// <summary>The token budgets, counted in Redis when <c>ConnectionStrings:Redis</c> is set and in process otherwise.</summary>
    public static IHostApplicationBuilder AddSpending(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SpendOptions>()
            .BindConfiguration(SpendOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => SpendOptions.DayFitsMonth(o.InstallationTokensPerDay, o.InstallationTokensPerMonth),
                "Spend:InstallationTokensPerDay is above Spend:InstallationTokensPerMonth, so it could never be reached.")
            .Validate(o => SpendOptions.DayFitsMonth(o.RepositoryTokensPerDay, o.RepositoryTokensPerMonth),
                "Spend:RepositoryTokensPerDay is above Spend:RepositoryTokensPerMonth, so it could never be reached.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        if (builder.Configuration.UsesRedis())
        {
            builder.Services.AddSingleton<ISpendLedger, RedisSpendLedger>();
        }
        else
        {
            builder.Services.AddSingleton<ISpendLedger, MemorySpendLedger>();
        }
        builder.Services.AddSingleton<SpendLimits>();
        return builder;
    }
}
