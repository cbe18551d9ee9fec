using ReviewBot.Caching;
using StackExchange.Redis;

namespace ReviewBot.Reconciling;

/// <summary>
/// Makes one instance the reconciler of a period. With Redis the period is claimed with an expiring key (SET NX PX),
/// kept until it expires so that the other instances, whose timers fire a little later, skip the same period; the owner
/// gives it back early only when its pass could not finish. Without Redis the one process is the instance.
/// </summary>
public sealed partial class ReconcilerLock(RedisConnection? redis, ILogger<ReconcilerLock> logger)
{
    public const string Key = RedisKeys.Prefix + "reconciler";

    /// <summary>Deletes the key only while it still holds the owner's token: an expired claim taken by another stays theirs.</summary>

    private static readonly string Instance = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>The claim's token, or null when another instance holds the period or Redis cannot say.</summary>
    public async Task<string?> TryClaimAsync(TimeSpan period)
    {
        var token = $"{Instance}:{Guid.NewGuid():N}";
        if (redis is null)
        {
            return token;
        }
        if (!redis.TryGet(out var connection))
        {
            Log.NoRedis(logger);
            return null;
        }
        try
        {
            if (await connection.GetDatabase().StringSetAsync(Key, token, period, When.NotExists))
            {
                return token;
            }
            Log.Held(logger, (string?)await connection.GetDatabase().StringGetAsync(Key) ?? "an instance whose claim just ended");
            return null;
        }
        catch (RedisException ex)
        {
            redis.ReportFailure("the reconciler's lock", ex);
            Log.NoRedis(logger);
            return null;
        }
    }

    /// <summary>Gives the period back, if the claim is still this one.</summary>
    public async Task ReleaseAsync(string token)
    {
        if (redis is null || !redis.TryGet(out var connection))
        {
            return;
        }
        try
        {
            await connection.GetDatabase().ScriptEvaluateAsync(ClusterLocks.ReleaseScript, [Key], [token]);
        }
        catch (RedisException ex)
        {
            // The claim expires by itself at the end of the period.
            redis.ReportFailure("the reconciler's lock", ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1311, Level = LogLevel.Debug, Message = "Reconciling skipped this period: {Holder} holds it")]
        public static partial void Held(ILogger logger, string holder);

        [LoggerMessage(EventId = 1312, Level = LogLevel.Debug, Message = "Reconciling skipped this period: Redis is not reachable to say which instance does it")]
        public static partial void NoRedis(ILogger logger);
    }
}
