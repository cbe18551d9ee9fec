using System.Collections.Concurrent;

namespace ReviewBot.Webhooks;

/// <summary>
/// The single-instance delivery log: ids with their expiry, and never more than
/// <see cref="WebhooksOptions.MaxRememberedDeliveries"/> of them, so memory stays bounded whatever the rate of deliveries.
/// Ids leave in the order they came (the retention is one setting, so that is also the order they expire), a few at a time
/// on each claim: no request pays for a sweep of the whole table, which used to hold one in a thousand for up to 100 ms.
/// </summary>
public sealed class InMemoryDeliveryLog(IOptions<WebhooksOptions> options, TimeProvider time) : IDeliveryLog
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _claims = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<KeyValuePair<string, DateTimeOffset>> _order = new();
    private readonly Lock _trimming = new();

    // Counted here: ConcurrentDictionary.Count takes every lock of the table, too dear for every claim.
    private int _count;
    private int _queued;

    /// <summary>How many ids are remembered now.</summary>
    public int Count => Volatile.Read(ref _count);

    public ValueTask<bool> TryClaimAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        Trim(now);
        var until = now + options.Value.DeliveryRetention;
        while (true)
        {
            if (_claims.TryAdd(deliveryId, until))
            {
                Interlocked.Increment(ref _count);
                Remember(deliveryId, until);
                return ValueTask.FromResult(true);
            }

            if (_claims.TryGetValue(deliveryId, out var expires) && expires > now)
            {
                return ValueTask.FromResult(false);
            }

            // Expired: take it over, unless another request did so first.
            if (_claims.TryUpdate(deliveryId, until, expires))
            {
                Remember(deliveryId, until);
                return ValueTask.FromResult(true);
            }
        }
    }

    /// <summary>Drops the oldest ids while they are expired or over the bound; an entry whose id was taken over or released since is skipped.</summary>
    private void Trim(DateTimeOffset now)
    {
        if (!Due(now))
        {
            return;
        }
        lock (_trimming)
        {
            while (Due(now) && _order.TryDequeue(out var oldest))
            {
                Interlocked.Decrement(ref _queued);
                if (_claims.TryRemove(oldest))
                {
                    Interlocked.Decrement(ref _count);
                }
            }
        }
    }

    private void Remember(string deliveryId, DateTimeOffset until)
    {
        _order.Enqueue(KeyValuePair.Create(deliveryId, until));
        Interlocked.Increment(ref _queued);
    }

    /// <summary>The oldest id is expired, or the table is at its bound, or released ids left too many stale entries in line.</summary>
    private bool Due(DateTimeOffset now) =>
        _order.TryPeek(out var oldest) && (oldest.Value <= now || Count >= options.Value.MaxRememberedDeliveries
            || Volatile.Read(ref _queued) > 2 * options.Value.MaxRememberedDeliveries);

    public ValueTask ReleaseAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        if (_claims.TryRemove(deliveryId, out _))
        {
            Interlocked.Decrement(ref _count);
        }
        return ValueTask.CompletedTask;
    }
}
