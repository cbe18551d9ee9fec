namespace ReviewBot.Jobs;

/// <summary>The shared queue (Redis) cannot be reached: an outage, which the webhook answers with 503 so GitHub shows it.</summary>
public sealed class JobQueueUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
