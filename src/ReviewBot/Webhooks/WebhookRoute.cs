using ReviewBot.Jobs;

namespace ReviewBot.Webhooks;

/// <summary>What the ingest does with a delivery: queue jobs, acknowledge and ignore it, or reject it as malformed.</summary>
public abstract record WebhookRoute
{
    private WebhookRoute()
    {
    }

    /// <summary>Queue these jobs (usually one).</summary>
    public sealed record Enqueue(IReadOnlyList<Job> Jobs) : WebhookRoute;

    /// <summary>A well-formed delivery that needs no work; answered 200.</summary>
    public sealed record Ignore(string Reason) : WebhookRoute;

    /// <summary>Not valid JSON, or a handled event missing a field the bot needs; answered 400 with the reason.</summary>
    public sealed record Reject(string Reason) : WebhookRoute;
}
