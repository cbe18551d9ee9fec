using ReviewBot.Caching;
using StackExchange.Redis;

namespace ReviewBot.Jobs;

/// <summary>The stream's consumer group, the wake-ups, outages as <see cref="JobQueueUnavailableException"/>, and what the heartbeat reads.</summary>
public sealed partial class RedisJobQueue
{
    private async Task EnsureGroupAsync(IDatabase db)
    {
        if (_groupReady)
        {
            return;
        }
        try
        {
            await db.StreamCreateConsumerGroupAsync(RedisKeys.Jobs, RedisKeys.JobGroup, "0-0", createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another instance (or an earlier run) made it.
        }
        _groupReady = true;
    }

    private async Task WaitForWorkAsync(CancellationToken cancellationToken)
    {
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        poll.CancelAfter(TimeSpan.FromMilliseconds(500));
        try
        {
            await _wake.Reader.ReadAsync(poll.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed: look again (a blocked key may be free, a takeover may be due).
        }
    }

    /// <summary>
    /// Tried again with growing pauses until it holds (a Redis that refused SUBSCRIBE, say by its ACL, or answered too
    /// late); once made, the client itself restores it after every reconnect.
    /// </summary>
    private async Task SubscribeAsync(CancellationToken stopping)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var connection = await redis.GetAsync(stopping);
                await connection.GetSubscriber().SubscribeAsync(RedisChannel.Literal(RedisKeys.JobsWake), (_, _) => _wake.Writer.TryWrite(true));
                if (attempt > 0)
                {
                    Log.WakeUpsOn(logger, attempt + 1);
                }
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Without the wake-up the workers still poll every half second.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (attempt == 0)
                {
                    Log.NoWakeUps(logger, ex.Message);
                }
            }
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(15, 1 << Math.Min(attempt, 4))), time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<RedisResult> CallAsync(string what, Func<IDatabase, Task<RedisResult>> call)
    {
        try
        {
            return await call(redis.Database());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            redis.ReportFailure(what, ex);
            throw new JobQueueUnavailableException($"The job queue (Redis) is not reachable: {ex.Message}", ex);
        }
    }

    /// <summary>The jobs this instance runs now, with their leases.</summary>
    public IReadOnlyCollection<Held> HeldNow => [.. _held.Values];

    internal IReadOnlyList<RedisValue> BufferedIds()
    {
        lock (_lock)
        {
            return _buffer.Select(e => e.Id).ToList();
        }
    }

    internal bool Knows(RedisValue id)
    {
        lock (_lock)
        {
            return _held.ContainsKey(id.ToString()) || _buffer.Any(e => e.Id == id);
        }
    }
}
