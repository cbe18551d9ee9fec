using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ReviewBot.Telemetry;

/// <summary>
/// The service's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <see cref="Name"/>. They are static,
/// as .NET's own instrumentation is: with no listener (telemetry off) a measurement is a check of a flag and nothing else,
/// so the folders that record need no service of their own injected.
/// </summary>
public static class ReviewBotTelemetry
{
    public const string Name = "ReviewBot";

    private static readonly string? Version = typeof(ReviewBotTelemetry).Assembly.GetName().Version?.ToString(3);

    public static ActivitySource Source { get; } = new(Name, Version);

    public static Meter Meter { get; } = new(Name, Version);

    /// <summary>Starts a span of the service's own work under the current one; null when nothing listens.</summary>
    public static Activity? Start(string name, ActivityKind kind = ActivityKind.Internal) => Source.StartActivity(name, kind);

    /// <summary>
    /// Starts the span of a job under the trace context it carried across the queue (a W3C <c>traceparent</c>); a job
    /// without one, or with one that does not parse, starts a trace of its own.
    /// </summary>
    public static Activity? StartFrom(string name, string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, ActivityKind.Consumer, parent)
            : Source.StartActivity(name, ActivityKind.Consumer);

    /// <summary>Marks a span failed with a short reason (never an exception's message, which may carry what a log must not).</summary>
    public static void Fail(this Activity? activity, string reason) => activity?.SetStatus(ActivityStatusCode.Error, reason);
}
