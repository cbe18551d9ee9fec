using System.Collections.Concurrent;

namespace ReviewBot.Webhooks;

/// <summary>
/// The single-instance delivery log: ids with their expiry, swept now and then, and never more than
/// <see cref="WebhooksOptions.MaxRememberedDeliveries"/> of them, so memory stays bounded whatever the rate of deliveries.
/// </summary>
public sealed class InMemoryDeliveryLog(IOptions<WebhooksOptions> options, TimeProvider time) : IDeliveryLog
{
    private const int SweepEvery = 1024;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _claims = new(StringComparer.Ordinal);
    private int _claimsSinceSweep;

    /// <summary>How many ids are remembered now.</summary>
    public int Count => _claims.Count;

    public ValueTask<bool> TryClaimAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (Interlocked.Increment(ref _claimsSinceSweep) >= SweepEvery)
        {
            Interlocked.Exchange(ref _claimsSinceSweep, 0);
            Sweep(now);
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

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (id, expires) in _claims)
        {
            if (expires <= now)
            {
                _claims.TryRemove(KeyValuePair.Create(id, expires));
            }
        }

        var max = options.Value.MaxRememberedDeliveries;
        if (_claims.Count <= max)
        {
            return;
        }

        // Down to 90%, so the sort is paid once per tenth of the bound, not on every sweep.
        foreach (var oldest in _claims.OrderBy(c => c.Value).Take(_claims.Count - (int)(max * 0.9)).ToList())
        {
            _claims.TryRemove(oldest);
        }
    }

    public ValueTask ReleaseAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        _claims.TryRemove(deliveryId, out _);
        return ValueTask.CompletedTask;
    }
}
