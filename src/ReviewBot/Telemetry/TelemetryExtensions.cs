using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ReviewBot.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>The standard variable that turns OTLP export on without a setting of ours.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TelemetryOptions>()
            .BindConfiguration(TelemetryOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // What to register is decided now, from the same section the validation above checks when the host starts.
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.Enabled)
        {
            return builder;
        }

        var otlp = options.OtlpEndpoint is not null || !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ReviewBotTelemetry.Name, serviceVersion: typeof(TelemetryExtensions).Assembly.GetName().Version?.ToString(3)))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ReviewBotTelemetry.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                if (options.MetricsPath.Length > 0)
                {
                    metrics.AddPrometheusExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(ReviewBotTelemetry.Name)
                    // Health probes and scrapes every few seconds would be most of the traces and tell nothing.
                    .AddAspNetCoreInstrumentation(o => o.Filter = c => !IsProbe(c.Request.Path, options.MetricsPath))
                    .AddHttpClientInstrumentation();
                if (!otlp)
                {
                    // No exporter: spans would be recorded for no one. The trace context still flows (the webhook's traceparent
                    // reaches the job and GitHub), so logs keep their trace ids and an exporter added later sees whole traces.
                    tracing.SetSampler(new AlwaysOffSampler());
                }
            });

        if (options.OtlpEndpoint is { } endpoint)
        {
            telemetry.UseOtlpExporter(options.OtlpProtocol == OtlpProtocol.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc, endpoint);
        }
        else if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]))
        {
            telemetry.UseOtlpExporter();
        }
        return builder;
    }

    /// <summary>Serves the Prometheus scrape endpoint when telemetry is on and a path is set.</summary>
    public static WebApplication MapTelemetry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (options.Enabled && options.MetricsPath.Length > 0)
        {
            app.MapPrometheusScrapingEndpoint(options.MetricsPath);
        }
        return app;
    }

    private static bool IsProbe(PathString path, string metricsPath) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || (metricsPath.Length > 0 && path.StartsWithSegments(metricsPath));
}
