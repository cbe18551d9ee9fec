using System.Collections.Concurrent;

namespace ReviewBot.Webhooks;

/// <summary>The single-instance delivery log: ids with their expiry, swept now and then so memory stays bounded by the window.</summary>
public sealed class InMemoryDeliveryLog(IOptions<WebhooksOptions> options, TimeProvider time) : IDeliveryLog
{
    private const int SweepEvery = 1024;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _claims = new(StringComparer.Ordinal);
    private int _claimsSinceSweep;

    public ValueTask<bool> TryClaimAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (Interlocked.Increment(ref _claimsSinceSweep) >= SweepEvery)
        {
            Interlocked.Exchange(ref _claimsSinceSweep, 0);
            foreach (var (id, expires) in _claims)
            {
                if (expires <= now)
                {
                    _claims.TryRemove(KeyValuePair.Create(id, expires));
                }
            }
        }

        var until = now + options.Value.DeliveryRetention;
        while (true)
        {
            if (_claims.TryAdd(deliveryId, until))
            {
                return ValueTask.FromResult(true);
            }

            if (_claims.TryGetValue(deliveryId, out var expires) && expires > now)
            {
                return ValueTask.FromResult(false);
            }

            // Expired: take it over, unless another request did so first.
            if (_claims.TryUpdate(deliveryId, until, expires))
            {
                return ValueTask.FromResult(true);
            }
        }
    }

    public ValueTask ReleaseAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        _claims.TryRemove(deliveryId, out _);
        return ValueTask.CompletedTask;
    }
}
