namespace ReviewBot.Webhooks;

/// <summary>
/// Carries a 4xx/503 answer out of the webhook processor: the library's endpoint owns the response, and its exception
/// handler hook is the only way to set a status other than 200.
/// </summary>
public sealed class WebhookRejectedException(int statusCode, string reason) : Exception(reason)
{
    public int StatusCode { get; } = statusCode;
}
