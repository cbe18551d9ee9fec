namespace ReviewBot.Caching;

/// <summary>Every key ReviewBot writes to Redis starts with <see cref="Prefix"/>, so one Redis can serve other tenants.</summary>
public static class RedisKeys
{
    public const string Prefix = "reviewbot:";

    public static string Delivery(string deliveryId) => $"{Prefix}delivery:{deliveryId}";
}
