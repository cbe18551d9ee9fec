using StackExchange.Redis;

namespace ReviewBot.Caching;

/// <summary>
/// Short locks that hold across instances when Redis is configured (one process is one instance otherwise, and its own
/// code serialises what needs it). For steps that must happen once however many instances race, such as creating the
/// check run of a head commit: the lock expires on its own, so a holder that dies blocks nobody for long.
/// </summary>
public sealed class ClusterLocks(IServiceProvider services)
{
    /// <summary>Deletes a lock only if the caller holds it. KEYS: the lock. ARGV: the holder.</summary>
    internal const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    private readonly RedisConnection? _redis = services.GetService<RedisConnection>();

    /// <summary>Whether other instances share this work (Redis is configured), so what one process remembers may be stale.</summary>
    public bool Shared => _redis is not null;

    /// <summary>
    /// Takes the lock, waiting up to <paramref name="wait"/>; null when another instance held it all that time. Without
    /// Redis, or with Redis unreachable, the caller goes on unlocked (the step's own look-first check is the fallback).
    /// </summary>
    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, TimeSpan hold, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        if (_redis is null || !_redis.TryGet(out var connection))
        {
            return Unlocked.Instance;
        }
        var db = connection.GetDatabase();
        var key = RedisKeys.Lock(name);
        var holder = Guid.NewGuid().ToString("N");
        var deadline = DateTime.UtcNow + wait;
        try
        {
            while (!await db.StringSetAsync(key, holder, hold, When.NotExists))
            {
                if (DateTime.UtcNow >= deadline)
                {
                    return null;
                }
                await Task.Delay(50, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _redis.ReportFailure($"taking the lock {name}", ex);
            return Unlocked.Instance;
        }
        return new Held(db, key, holder);
    }

    private sealed class Held(IDatabase db, string key, string holder) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await db.ScriptEvaluateAsync(ReleaseScript, [key], [holder]);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // It expires on its own.
            }
        }
    }

    private sealed class Unlocked : IAsyncDisposable
    {
        public static readonly Unlocked Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
