using ReviewBot.Hosting;

namespace ReviewBot.GitHub;

/// <summary>
/// The App id or key is not set, so nothing can be asked of GitHub. Startup says so once; each delivery that needs GitHub
/// then fails on a setting, not on a bug, and is logged as one line without a stack trace.
/// </summary>
public sealed class AppNotConfiguredException : InvalidOperationException, IOutage
{
    public string OneLine => Message;

    public AppNotConfiguredException()
        : base("The GitHub App is not configured: set GitHub:AppId and GitHub:PrivateKey or GitHub:PrivateKeyPath.")
    {
    }

    public AppNotConfiguredException(string message) : base(message)
    {
    }

    public AppNotConfiguredException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
