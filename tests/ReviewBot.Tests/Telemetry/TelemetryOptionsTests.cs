using System.Net;
using ReviewBot.Tests.TestSupport;

namespace ReviewBot.Tests.Telemetry;

/// <summary>The telemetry settings: the scrape endpoint is there unless turned off, and a wrong setting stops the start.</summary>
public class TelemetryOptionsTests
{
    [Test]
    public async Task The_service_serves_Prometheus_metrics_at_the_metrics_path()
    {
        await using var app = new ReviewBotApplication();
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain").Or.EqualTo("application/openmetrics-text"));
    }

    [TestCase("Telemetry:Enabled", "false")]
    [TestCase("Telemetry:MetricsPath", "")]
    public async Task Turned_off_there_is_no_metrics_endpoint(string setting, string value)
    {
        await using var app = new ReviewBotApplication(new Dictionary<string, string?> { [setting] = value });
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase("Telemetry:MetricsPath", "metrics", "Telemetry:MetricsPath")]
    [TestCase("Telemetry:OtlpEndpoint", "ftp://collector:4317", "Telemetry:OtlpEndpoint")]
    public void A_wrong_setting_stops_the_start_and_names_itself(string setting, string value, string named)
    {
        using var app = new ReviewBotApplication(new Dictionary<string, string?> { [setting] = value });

        var failure = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => app.CreateClient());

        Assert.That(failure!.Failures, Has.Some.Contains(named));
    }

    [Test]
    public async Task An_otlp_endpoint_that_is_set_starts_the_service_with_export_on()
    {
        // Nothing listens there: export fails in the background and the service goes on answering.
        await using var app = new ReviewBotApplication(new Dictionary<string, string?> { ["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:9/" });
        using var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(app.Services.GetService<OpenTelemetry.Trace.TracerProvider>(), Is.Not.Null);
    }
}
