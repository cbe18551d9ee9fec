using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;
using ReviewBot.Jobs;

namespace ReviewBot.Tests.TestSupport;

/// <summary>
/// The real service in memory, configured through settings only (as a user would), with logs captured.
/// By default: a webhook secret, no App credentials, and workers on.
/// </summary>
public sealed class ReviewBotApplication(IDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public const string Secret = "It's a Secret to Everybody";

    public static readonly long AppId = 29310;

    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GitHub:WebhookSecret"] = Secret,
        ["GitHub:Resilience:Retry:Delay"] = "00:00:00.010",
        // GitHub asks for a second between mutations; the fake does not, and tests do not sleep (pacing has its own tests).
        ["GitHub:MinMutationInterval"] = "00:00:00",
        // GitHub asks for a minute after a secondary rate limit without a hint; the fake's limits are instant.
        ["GitHub:SecondaryRateLimitWait"] = "00:00:00.050",
        ["ConnectionStrings:Redis"] = "",
        ["Logging:LogLevel:Default"] = "Debug",
        // Each instance its own feedback rules, unless a test gives the folder (to restart with the same rules).
        ["Feedback:Directory"] = Path.Combine(Path.GetTempPath(), "reviewbot-tests", "feedback-" + Guid.NewGuid().ToString("N")[..8]),
    };

    public IJobQueue Queue => Services.GetRequiredService<IJobQueue>();

    /// <summary>Starts the app and waits until its background Redis connection is up (requests are refused before that).</summary>
    public async Task<HttpClient> CreateConnectedClientAsync()
    {
        var client = CreateClient();
        await Services.GetRequiredService<ReviewBot.Caching.RedisConnection>().GetAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return client;
    }

    /// <summary>Replaces services after the app registered its own, for the faults settings cannot make.</summary>
    public Action<IServiceCollection>? Replace { get; init; }

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    /// <summary>Settings for talking to a fake GitHub as App <see cref="AppId"/>.</summary>
    public static Dictionary<string, string?> WithGitHub(FakeGitHub github, IDictionary<string, string?>? more = null)
    {
        ArgumentNullException.ThrowIfNull(github);
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["GitHub:AppId"] = AppId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GitHub:PrivateKey"] = TestKeys.PrivateKeyPem,
            ["GitHub:ApiBaseUrl"] = github.BaseUrl.ToString(),
        };
        foreach (var (k, v) in more ?? new Dictionary<string, string?>())
        {
            result[k] = v;
        }

        return result;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddFakeLogging());
        if (Replace is { } replace)
        {
            builder.ConfigureTestServices(replace);
        }
    }
}
