using ReviewBot.Caching;
using StackExchange.Redis;

namespace ReviewBot.Webhooks;

/// <summary>The shared delivery log: <c>SET NX EX</c>, so of many instances exactly one takes a delivery.</summary>
public sealed class RedisDeliveryLog(RedisConnection redis, IOptions<WebhooksOptions> options) : IDeliveryLog
{
    public async ValueTask<bool> TryClaimAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        try
        {
            return await redis.Database().StringSetAsync(RedisKeys.Delivery(deliveryId), "1", options.Value.DeliveryRetention, When.NotExists);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            redis.ReportFailure("claiming a delivery", ex);
            throw new DeliveryLogUnavailableException($"Redis could not be asked whether the delivery is new: {ex.Message}", ex);
        }
    }

    public async ValueTask ReleaseAsync(string deliveryId, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.Database().KeyDeleteAsync(RedisKeys.Delivery(deliveryId));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            redis.ReportFailure("releasing a delivery", ex);
            throw new DeliveryLogUnavailableException($"Redis could not be told to forget the delivery: {ex.Message}", ex);
        }
    }
}
