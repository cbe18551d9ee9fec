namespace ReviewBot.Webhooks;

/// <summary>The shared delivery log could not be asked (Redis down or too slow): whether a delivery is new is unknown.</summary>
public sealed class DeliveryLogUnavailableException : Exception
{
    public DeliveryLogUnavailableException(string message, Exception innerException) : base(message, innerException) { }

    public DeliveryLogUnavailableException(string message) : base(message) { }

    public DeliveryLogUnavailableException() { }
}
