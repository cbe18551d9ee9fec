namespace ReviewBot.Cli;

/// <summary>
/// What a GitHub Actions runner tells a step about its run, read from the environment
/// (https://docs.github.com/actions/reference/variables-reference#default-environment-variables).
/// </summary>
public sealed record ActionEnvironment(string EventName, string EventPath, string Token, string Repository, Uri ApiUrl, string? Workspace)
{
    /// <summary>
    /// GITHUB_RUN_ATTEMPT: 2 and up when a person re-ran the workflow, which asks for the review again even though the
    /// first attempt left a completed check run. 1 when it is missing or not a number.
    /// </summary>
    public int RunAttempt { get; init; } = 1;

    private static readonly string[] Needed = ["GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH", "GITHUB_TOKEN", "GITHUB_REPOSITORY"];

    /// <summary>The variables of this process, as a dictionary (names are case-sensitive on the runners that matter).</summary>
    public static IReadOnlyDictionary<string, string?> Current() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);

    /// <summary>The run's variables; a usage failure naming every one that is missing or empty.</summary>
    public static ActionEnvironment Read(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Get(string name) => environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        var missing = Needed.Where(n => Get(n) is null).ToList();
        if (missing.Count > 0)
        {
            throw new CliUsageException($"{string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not set; " +
                "this verb runs as a step of a GitHub Actions workflow, which sets them (GITHUB_TOKEN from the github-token input).");
        }
        var api = Get("GITHUB_API_URL") ?? "https://api.github.com";
        if (!Uri.TryCreate(api, UriKind.Absolute, out var apiUrl) || apiUrl.Scheme is not ("http" or "https"))
        {
            throw new CliUsageException($"GITHUB_API_URL must be an absolute http(s) URL (was \"{api}\").");
        }
        return new(Get("GITHUB_EVENT_NAME")!, Get("GITHUB_EVENT_PATH")!, Get("GITHUB_TOKEN")!, Get("GITHUB_REPOSITORY")!, apiUrl, Get("GITHUB_WORKSPACE"))
        {
            RunAttempt = int.TryParse(Get("GITHUB_RUN_ATTEMPT"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var attempt)
                ? Math.Max(attempt, 1) : 1,
        };
    }

    /// <summary>
    /// The settings the Action's host gets on top of the user's: the API of this run's GitHub (a GHES host has its own), and
    /// no webhook secret to demand, since the Action is given its event as a file and listens for no webhooks.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("GitHub:ApiBaseUrl", ApiUrl.AbsoluteUri),
        new("GitHub:AllowUnsignedWebhooks", "true"),
    ];
}
