using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace ReviewBot.Tests.TestSupport;

/// <summary>Builds deliveries the way GitHub sends them: exact bytes, HMAC-SHA256 over them, a fresh delivery id.</summary>
public static class WebhookSigner
{
    public const string Path = "/api/github/webhooks";

    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static HttpRequestMessage Delivery(string eventName, byte[] body, string? secret, string? deliveryId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", deliveryId ?? Guid.NewGuid().ToString());
        request.Headers.Add("User-Agent", "GitHub-Hookshot/044aadd");
        if (secret is not null)
        {
            request.Headers.Add("X-Hub-Signature-256", Sign(secret, body));
        }

        return request;
    }

    public static HttpRequestMessage Delivery(string eventName, string body, string? secret, string? deliveryId = null) =>
        Delivery(eventName, Encoding.UTF8.GetBytes(body), secret, deliveryId);
}
