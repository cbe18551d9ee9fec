using System.ComponentModel.DataAnnotations;

namespace ReviewBot.Telemetry;

/// <summary>Bound from the <c>Telemetry</c> section.</summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string Section = "Telemetry";

    /// <summary>Off: no meter or trace listener is registered, so every measurement is skipped at its first check. The default value is true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where the Prometheus scrape endpoint is served in server mode; empty: none. The default value is <c>/metrics</c>.</summary>
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>
    /// The OTLP collector to export metrics and traces to. Unset: the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (and its
    /// sibling variables) when that is set, else no OTLP export.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>The protocol for <see cref="OtlpEndpoint"/>. The default value is <c>Grpc</c> (port 4317); <c>HttpProtobuf</c> is port 4318.</summary>
    public OtlpProtocol OtlpProtocol { get; set; } = OtlpProtocol.Grpc;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MetricsPath.Length > 0 && (!MetricsPath.StartsWith('/') || MetricsPath.Contains(' ', StringComparison.Ordinal)))
        {
            yield return new($"Telemetry:MetricsPath must be empty or a path that starts with '/' (was '{MetricsPath}').", [nameof(MetricsPath)]);
        }
        if (OtlpEndpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
        {
            yield return new($"Telemetry:OtlpEndpoint must be an absolute http or https URL (was '{endpoint}').", [nameof(OtlpEndpoint)]);
        }
    }
}

public enum OtlpProtocol
{
    Grpc,
    HttpProtobuf,
}
