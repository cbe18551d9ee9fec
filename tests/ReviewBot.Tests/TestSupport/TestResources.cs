namespace ReviewBot.Tests.TestSupport;

/// <summary>Real data copied from GitHub and Octokit (see Resources/*/README.md for where each file comes from).</summary>
public static class TestResources
{
    public static string Root => Path.Combine(TestContext.CurrentContext.TestDirectory, "Resources");

    public static string Webhook(string eventName, string file) => Path.Combine(Root, "webhooks", eventName, file);

    public static IEnumerable<string> WebhookExamples(string eventName) =>
        Directory.EnumerateFiles(Path.Combine(Root, "webhooks", eventName), "*.payload.json").Order(StringComparer.Ordinal);

    public static string GitHubRest(string file) => Path.Combine(Root, "github-rest", file);
}
