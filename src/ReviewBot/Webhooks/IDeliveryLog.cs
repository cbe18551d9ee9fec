namespace ReviewBot.Webhooks;

/// <summary>Remembers which <c>X-GitHub-Delivery</c> ids were taken, so redeliveries create no second job.</summary>
public interface IDeliveryLog
{
    /// <summary>Claims the id; false when it was claimed before (within the retention window).</summary>
    ValueTask<bool> TryClaimAsync(string deliveryId, CancellationToken cancellationToken = default);

    /// <summary>Gives the id back, for a delivery that was claimed but could not be queued.</summary>
    ValueTask ReleaseAsync(string deliveryId, CancellationToken cancellationToken = default);
}
