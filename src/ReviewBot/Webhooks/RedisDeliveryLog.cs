using ReviewBot.Caching;
using StackExchange.Redis;

namespace ReviewBot.Webhooks;

/// <summary>The shared delivery log: <c>SET NX EX</c>, so of many instances exactly one takes a delivery.</summary>
public sealed class RedisDeliveryLog(IConnectionMultiplexer redis, IOptions<WebhooksOptions> options) : IDeliveryLog
{
    public async ValueTask<bool> TryClaimAsync(string deliveryId, CancellationToken cancellationToken = default) =>
        await redis.GetDatabase().StringSetAsync(RedisKeys.Delivery(deliveryId), "1", options.Value.DeliveryRetention, When.NotExists);

    public async ValueTask ReleaseAsync(string deliveryId, CancellationToken cancellationToken = default) =>
        await redis.GetDatabase().KeyDeleteAsync(RedisKeys.Delivery(deliveryId));
}
