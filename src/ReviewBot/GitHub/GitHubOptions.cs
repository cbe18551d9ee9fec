namespace ReviewBot.GitHub;

/// <summary>
/// The GitHub App: how webhooks are verified and how the service authenticates. Bound from the <c>GitHub</c> section;
/// these names are a contract (<c>GitHub__WebhookSecret</c> and so on as environment variables).
/// </summary>
public sealed class GitHubOptions
{
    public const string Section = "GitHub";

    /// <summary>The webhook secret of the GitHub App. Required unless <see cref="AllowUnsignedWebhooks"/> is true.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Accept webhooks without a signature. For local development only. The default value is false.</summary>
    public bool AllowUnsignedWebhooks { get; set; }

    /// <summary>The App id (a number, shown on the App's settings page). Without it the service cannot call GitHub.</summary>
    public long? AppId { get; set; }

    /// <summary>The App's private key as PEM text. Literal <c>\n</c> sequences are read as line breaks, for environment variables.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>A path to the App's private key PEM file, used when <see cref="PrivateKey"/> is not set.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>
    /// The REST API root. The default value is <c>https://api.github.com/</c>;
    /// for GitHub Enterprise Server use <c>https://HOST/api/v3/</c>.
    /// </summary>
    public Uri ApiBaseUrl { get; set; } = new("https://api.github.com/");

    /// <summary>The name of the check run the bot reports on. The default value is <c>ReviewBot</c>.</summary>
    public string CheckRunName { get; set; } = "ReviewBot";

    /// <summary>How long before an installation token expires it is replaced. The default value is 5 minutes.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Least time between two mutating calls with one installation's token (GitHub asks for at least a second).</summary>
    public TimeSpan MinMutationInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest one call waits for rate limits, all its waits together, before the rate-limited answer is given up on.
    /// The default value is 5 minutes: a secondary rate limit without a hint is waited twice (1 and 2 minutes).
    /// </summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The first wait after a secondary rate limit that says neither <c>Retry-After</c> nor when the limit resets; each
    /// further wait of the same call is twice the one before. GitHub asks for at least a minute, the default value.
    /// </summary>
    public TimeSpan SecondaryRateLimitWait { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long completing a check run is tried again (with growing pauses) before it is given up and logged, so that a
    /// run is not left spinning by a GitHub that fails for a while. The default value is 5 minutes.
    /// </summary>
    public TimeSpan CheckRunCompletionWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// With Redis: how long creating a head commit's check run waits for another instance that holds the lock on it (that
    /// instance is creating the same run). Past it the run is looked for on GitHub before one is made. The default value
    /// is 30 seconds.
    /// </summary>
    public TimeSpan CheckRunLockWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>True when the service can authenticate as the App.</summary>
    public bool HasAppCredentials =>
        AppId is > 0 && (!string.IsNullOrWhiteSpace(PrivateKey) || !string.IsNullOrWhiteSpace(PrivateKeyPath));
}
