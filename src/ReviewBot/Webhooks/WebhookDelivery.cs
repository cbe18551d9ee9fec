namespace ReviewBot.Webhooks;

/// <summary>One webhook delivery as GitHub sent it: its id, event name, and the raw JSON body.</summary>
public sealed record WebhookDelivery(string Id, string Event, string? Action, string Body);
