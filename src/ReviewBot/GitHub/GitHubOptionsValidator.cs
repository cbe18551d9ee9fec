namespace ReviewBot.GitHub;

/// <summary>Checks the <c>GitHub</c> section at startup and says what to set, never what a secret contains.</summary>
public sealed class GitHubOptionsValidator : IValidateOptions<GitHubOptions>
{
    public ValidateOptionsResult Validate(string? name, GitHubOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.WebhookSecret) && !options.AllowUnsignedWebhooks)
        {
            failures.Add("GitHub:WebhookSecret is not set. Set it to your GitHub App's webhook secret " +
                "(environment variable GitHub__WebhookSecret), or set GitHub:AllowUnsignedWebhooks=true for local development only.");
        }

        if (!string.IsNullOrWhiteSpace(options.PrivateKey) && !string.IsNullOrWhiteSpace(options.PrivateKeyPath))
        {
            failures.Add("Both GitHub:PrivateKey and GitHub:PrivateKeyPath are set; set only one of them.");
        }
        else if (GitHubAppKey.TryLoad(options, out var key, out var problem))
        {
            key?.Dispose();
        }
        else
        {
            failures.Add(problem!);
        }

        if (options.AppId is <= 0)
        {
            failures.Add("GitHub:AppId must be a positive number (the App id from the App's settings page).");
        }

        if (!options.ApiBaseUrl.IsAbsoluteUri || options.ApiBaseUrl.Scheme is not ("http" or "https"))
        {
            failures.Add($"GitHub:ApiBaseUrl must be an absolute http(s) URL, such as https://api.github.com/ (it is '{options.ApiBaseUrl}').");
        }

        if (string.IsNullOrWhiteSpace(options.CheckRunName))
        {
            failures.Add("GitHub:CheckRunName must not be empty.");
        }

        failures.AddRange(TimeProblems(options));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> TimeProblems(GitHubOptions options)
    {
        if (options.MinMutationInterval < TimeSpan.Zero)
        {
            yield return "GitHub:MinMutationInterval must not be negative (GitHub asks for 00:00:01 between writes).";
        }
        if (options.MaxRateLimitWait < TimeSpan.Zero)
        {
            yield return "GitHub:MaxRateLimitWait must not be negative (00:00:00 gives up on every rate limit at once).";
        }
        if (options.SecondaryRateLimitWait <= TimeSpan.Zero)
        {
            yield return "GitHub:SecondaryRateLimitWait must be more than zero (GitHub asks for at least 00:01:00).";
        }
        if (options.CheckRunCompletionWindow <= TimeSpan.Zero)
        {
            yield return "GitHub:CheckRunCompletionWindow must be more than zero, such as 00:05:00.";
        }
        if (options.CheckRunLockWait < TimeSpan.Zero)
        {
            yield return "GitHub:CheckRunLockWait must not be negative, such as 00:00:30.";
        }
    }
}
